import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_PATH = join(__dirname, '..', 'fixtures', 'sdmx', 'sdmx-json-data-schema-1.0.json');

/**
 * The official SDMX-JSON 1.0 data-message schema (tests/fixtures/sdmx, unchanged) compiled with
 * Ajv 8. It is draft-04 style: `id` rather than `$id`, and a `$schema` URI Ajv has no meta-schema
 * for. `schemaId: 'id'` reads the root `id` as the base URI, the refusing `id` keyword is removed,
 * and `validateSchema: false` skips the check against the unknown meta-schema; `strict: false`
 * tolerates draft-04 idioms such as `"type": ["integer"]` beside `minimum`. The keywords the schema
 * relies on (type, required, pattern, format, $ref, patternProperties…) mean the same in both drafts.
 */
export function compileOfficialSdmxJsonSchema(): { ajv: Ajv; schema: { id: string }; validate: ValidateFunction } {
  const ajv = new Ajv({ strict: false, validateSchema: false, schemaId: 'id', allErrors: true });
  ajv.removeKeyword('id');
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { id: string };
  return { ajv, schema, validate: ajv.compile(schema) };
}

export function officialSdmxJsonDataSchema(): ValidateFunction {
  return compileOfficialSdmxJsonSchema().validate;
}
