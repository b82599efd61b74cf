/**
 * Generates contracts/openapi.yaml from the gateway's controllers and DTOs.
 *
 *   npm run contracts:openapi          write the document
 *   npm run contracts:openapi -- --check   fail (and print a diff hint) if the checked-in one is stale
 *
 * The app is built in Nest's preview mode: modules are scanned but no provider runs, so no
 * database or Kafka is needed. DTO schemas come from the @nestjs/swagger compiler plugin's
 * metadata (types, optionality, class-validator rules, doc comments), generated here with the
 * plugin's ReadonlyVisitor because the build uses SWC, which cannot run TypeScript plugins.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { stringify } from 'yaml';
import { createFastifyAdapter, createLogger, loadAppConfig, MetricsRegistry } from '@hutong/platform';
import { AppModule } from '../apps/gateway/src/app.module';

const ROOT = resolve(__dirname, '..');
const TARGET = join(ROOT, 'contracts', 'openapi.yaml');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Runs the plugin's visitor over the sources and loads the metadata it prints. The printed module
 * imports the DTO files with `.js` suffixes (NodeNext style); here they are loaded from source.
 */
async function loadPluginMetadata(): Promise<void> {
  const outputDir = mkdtempSync(join(ROOT, '.openapi-metadata-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [new ReadonlyVisitor({ introspectComments: true, pathToSource: outputDir, classValidatorShim: true })],
      outputDir,
      watch: false,
      tsconfigPath: 'tsconfig.json',
    });
    const file = join(outputDir, 'metadata.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\.js(["'])\)/g, '$1)'));
    const loaded = (await import(file)) as { default: () => Promise<PluginMetadata> };
    const metadata = await withoutUnexportedClasses(await loaded.default());
    await SwaggerModule.loadPluginMetadata(() => Promise.resolve(metadata));
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

type PluginEntries = Array<[Promise<Record<string, unknown>>, Record<string, unknown>]>;
type PluginMetadata = Record<string, Record<string, PluginEntries>>;

/**
 * Drops what the plugin found on classes a module does not export — controllers built by a factory
 * (one per registry) — which the loader could not attach to; their routes carry explicit decorators.
 */
async function withoutUnexportedClasses(metadata: PluginMetadata): Promise<PluginMetadata> {
  const result: PluginMetadata = {};
  for (const [plugin, kinds] of Object.entries(metadata)) {
    result[plugin] = {};
    for (const [kind, entries] of Object.entries(kinds)) {
      const kept: PluginEntries = [];
      for (const [modulePromise, classes] of entries) {
        const exported = await modulePromise;
        const present = Object.fromEntries(Object.entries(classes).filter(([name]) => exported[name] !== undefined));
        kept.push([Promise.resolve(exported), present]);
      }
      result[plugin][kind] = kept;
    }
  }
  return result;
}

async function buildDocument(): Promise<OpenAPIObject> {
  const config = loadAppConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent' });
  const metrics = new MetricsRegistry({ collectProcessMetrics: false });
  await loadPluginMetadata();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, logger, metrics }),
    createFastifyAdapter(config, logger, metrics),
    { preview: true, logger: false, abortOnError: false },
  );
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Hutong (互通) gateway API')
      .setDescription(
        'Government data-exchange gateway: base registries, resource-sharing catalog, access requests and grants, ' +
          'exchange events and the audit log. Every error is RFC 9457 application/problem+json.',
      )
      .setVersion(version)
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addServer('/', 'This gateway')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'RFC 9068 access token from POST /oauth2/token' },
        'bearer',
      )
      .build(),
  );
  await app.close();
  document.info.contact = { name: 'Hutong operators' };
  return withProblemResponses(document);
}

/** Every operation can answer with a problem; say so once, in the document, for every client generator. */
function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details',
      required: ['type', 'title', 'status', 'detail'],
      properties: {
        type: { type: 'string', format: 'uri-reference', example: '/problems/validation-error' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string' },
        instance: { type: 'string', format: 'uri-reference' },
        requestId: { type: 'string' },
        code: { type: 'string', description: 'Reason code callers can branch on' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'rule', 'message'],
            properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  };
  const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses['4XX'] ??= { description: 'The request was refused (RFC 9457 problem)', ...problem };
      operation.responses['5XX'] ??= { description: 'The gateway or a dependency failed (RFC 9457 problem)', ...problem };
    }
  }
  return document;
}

async function main(): Promise<void> {
  const yaml = `# Generated by scripts/openapi.ts from the gateway's controllers. Do not edit by hand.\n${stringify(await buildDocument(), { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false })}`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(TARGET, 'utf8');
    if (current !== yaml) {
      process.stderr.write(
        'contracts/openapi.yaml is out of date with the code: run `npm run contracts:openapi` and commit it.\n',
      );
      process.exit(1);
    }
    process.stdout.write('contracts/openapi.yaml matches the code.\n');
    return;
  }
  writeFileSync(TARGET, yaml);
  process.stdout.write(`wrote ${TARGET}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
