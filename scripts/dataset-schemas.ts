/**
 * Generates contracts/datasets/<dataset>.v<major>.schema.json: the JSON Schema of one record of each
 * seeded dataset, exactly as the gateway serves it at GET /agencies/{agency}/datasets/{dataset}/schema
 * once the seed's catalog entry is published (tests/e2e/datasets compares the two).
 *
 *   node -r @swc-node/register scripts/dataset-schemas.ts           write the files
 *   node -r @swc-node/register scripts/dataset-schemas.ts --check   fail if a file is stale, missing, or
 *                                                                   does not compile as draft 2020-12
 */
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { format, resolveConfig } from 'prettier';
import { CreateResourceDto, metadataFrom } from '@hutong/catalog';
import { jsonSchemaOf, schemaOf } from '@hutong/datasets';
import { SEED_DATASETS } from '../seeds/datasets';
import { staleFiles, writeFiles } from './generated-files';

const DATASETS_DIR = join(resolve(__dirname, '..'), 'contracts', 'datasets');
const GENERATOR = 'scripts/dataset-schemas.ts';

/** The files as they should be checked in: major 1 of each seed, at its entry's first published version. */
export async function renderDatasetSchemaFiles(): Promise<Map<string, string>> {
  const options = (await resolveConfig(join(DATASETS_DIR, 'x.json'))) ?? {};
  const files = new Map<string, string>();
  for (const seed of SEED_DATASETS) {
    const metadata = metadataFrom(plainToInstance(CreateResourceDto, { ...seed.entry }));
    const schema = jsonSchemaOf({ agency: seed.provider.code, code: seed.code, major: 1 }, schemaOf(metadata, 1));
    files.set(`${seed.code}.v1.schema.json`, await format(JSON.stringify(schema), { ...options, parser: 'json' }));
  }
  return files;
}

/** Every schema must compile in strict draft 2020-12 (formats known, `x-hutong` declared as an annotation). */
function compileProblems(files: ReadonlyMap<string, string>): string[] {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-hutong', schemaType: 'object' });
  const problems: string[] = [];
  for (const [name, text] of files) {
    try {
      ajv.compile(JSON.parse(text) as object);
    } catch (error) {
      problems.push(`${name} does not compile: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const files = await renderDatasetSchemaFiles();
  if (process.argv.includes('--check')) {
    const problems = [...staleFiles(DATASETS_DIR, files, GENERATOR), ...compileProblems(files)];
    if (problems.length > 0) {
      process.stderr.write(
        `${problems.map((p) => `contracts/datasets/${p}`).join('\n')}\nRun \`node -r @swc-node/register ${GENERATOR}\` and commit the result.\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`contracts/datasets matches ${GENERATOR} (${files.size} schemas).\n`);
    return;
  }
  writeFiles(DATASETS_DIR, files);
  process.stdout.write(`wrote ${files.size} schemas to ${DATASETS_DIR}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
