/**
 * Checks the event contracts (run by `npm run contracts:check`, so by CI):
 *
 * 1. contracts/events/*.json match scripts/event-schemas.ts (they are generated from it);
 * 2. every schema compiles as JSON Schema draft 2020-12 (ajv, strict mode, formats) and accepts its
 *    own examples;
 * 3. contracts/asyncapi.yaml parses with @asyncapi/parser without an error diagnostic;
 * 4. asyncapi.yaml references every schema file and no other: each message's payload is
 *    `./events/<type>.json`, its `name` and `ce_type` header are that type.
 *
 *   node -r @swc-node/register scripts/contracts-events.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DiagnosticSeverity, fromFile, Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { EventSchemas } from '@hutong/exchange';
import { staleEventSchemaFiles } from './event-schemas';

const ROOT = resolve(__dirname, '..');
const ASYNCAPI = join(ROOT, 'contracts', 'asyncapi.yaml');
const EVENTS_DIR = join(ROOT, 'contracts', 'events');
const PAYLOAD_REF = /^\.\/events\/([^/]+\.json)$/;

const failures: string[] = [];
const fail = (message: string): void => {
  failures.push(message);
};

async function checkAsyncApi(): Promise<void> {
  const { document, diagnostics } = await fromFile(new Parser(), ASYNCAPI).parse();
  for (const diagnostic of diagnostics) {
    const where = diagnostic.path.length > 0 ? ` at ${diagnostic.path.join('.')}` : '';
    const line = `${diagnostic.code}: ${diagnostic.message}${where}`;
    // The parser and spectral each bundle their own copy of the severity enum: compare the numbers.
    const severity: number = diagnostic.severity;
    if (severity === (DiagnosticSeverity.Error as number)) fail(`contracts/asyncapi.yaml: ${line}`);
    else if (severity === (DiagnosticSeverity.Warning as number))
      process.stderr.write(`warning: contracts/asyncapi.yaml: ${line}\n`);
  }
  if (!document) fail('contracts/asyncapi.yaml: the parser produced no document');
}

function checkSchemas(): EventSchemas | undefined {
  try {
    const schemas = EventSchemas.load(EVENTS_DIR);
    for (const type of schemas.types()) {
      const schema = JSON.parse(schemas.file(`${type}.json`) ?? '{}') as Record<string, unknown>;
      const file = `contracts/events/${type}.json`;
      if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') fail(`${file}: $schema is not draft 2020-12`);
      if (typeof schema.$id !== 'string' || !schema.$id.endsWith(`/contracts/events/${type}.json`)) {
        fail(`${file}: $id does not end with /contracts/events/${type}.json`);
      }
      if (schema.additionalProperties !== false) fail(`${file}: the data object must set additionalProperties: false`);
      if (typeof schema.title !== 'string' || typeof schema.description !== 'string')
        fail(`${file}: title and description are required`);
      for (const example of Array.isArray(schema.examples) ? (schema.examples as unknown[]) : []) {
        const check = schemas.validate(type, example);
        if (!check.valid) fail(`${file}: its example is invalid: ${check.errors.join('; ')}`);
      }
    }
    return schemas;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

interface RawMessage {
  name?: unknown;
  payload?: { $ref?: unknown };
  headers?: { allOf?: Array<{ properties?: { ce_type?: { const?: unknown } } }> };
}

/** Both directions: every file is some message's payload, every payload reference is a file. */
function checkReferences(): void {
  const files = new Set(existsSync(EVENTS_DIR) ? readdirSync(EVENTS_DIR).filter((name) => name.endsWith('.json')) : []);
  const document = parse(readFileSync(ASYNCAPI, 'utf8')) as { components?: { messages?: Record<string, RawMessage> } };
  const referenced = new Set<string>();
  for (const ref of allRefs(document)) {
    if (!ref.startsWith('./events/') && !ref.startsWith('events/')) continue;
    const file = PAYLOAD_REF.exec(ref)?.[1];
    if (!file) fail(`contracts/asyncapi.yaml: ${ref} is not of the form ./events/<type>.json`);
    else if (!files.has(file)) fail(`contracts/asyncapi.yaml references ${ref}, which does not exist`);
    else referenced.add(file);
  }
  for (const file of files) {
    if (!referenced.has(file)) fail(`contracts/events/${file} is not referenced by contracts/asyncapi.yaml`);
  }
  for (const [id, message] of Object.entries(document.components?.messages ?? {})) {
    const ref = typeof message.payload?.$ref === 'string' ? message.payload.$ref : undefined;
    const file = ref ? PAYLOAD_REF.exec(ref)?.[1] : undefined;
    if (!file) {
      fail(`contracts/asyncapi.yaml: message ${id} has no payload in contracts/events`);
      continue;
    }
    const type = file.slice(0, -'.json'.length);
    if (message.name !== type)
      fail(`contracts/asyncapi.yaml: message ${id} is named ${String(message.name)}, its payload is ${file}`);
    const ceType = (message.headers?.allOf ?? []).map((part) => part.properties?.ce_type?.const).find((c) => c !== undefined);
    if (ceType !== type)
      fail(`contracts/asyncapi.yaml: message ${id} has ce_type ${JSON.stringify(ceType)}, its payload is ${file}`);
  }
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) allRefs(item, found);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

async function main(): Promise<void> {
  for (const problem of await staleEventSchemaFiles()) {
    fail(`contracts/events/${problem} (run \`node -r @swc-node/register scripts/event-schemas.ts\`)`);
  }
  const schemas = checkSchemas();
  await checkAsyncApi();
  checkReferences();
  if (failures.length > 0) {
    process.stderr.write(`${failures.join('\n')}\n${failures.length} problem(s) in the event contracts.\n`);
    process.exit(1);
  }
  process.stdout.write(
    `contracts/asyncapi.yaml and ${schemas?.types().length ?? 0} event schemas in contracts/events are valid and consistent.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
