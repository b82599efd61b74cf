import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isEventType } from './cloud-event';

/** Where the published event contracts live, relative to the repository (or image) root. */
const CONTRACTS_EVENTS = join('contracts', 'events');

export type EventDataCheck = { readonly valid: true } | { readonly valid: false; readonly errors: readonly string[] };

interface LoadedSchema {
  /** The file exactly as checked in: what GET /contracts/events/:file serves. */
  readonly text: string;
  readonly validate: ValidateFunction;
}

/**
 * The JSON Schemas of every event's `data` (contracts/events/<type>.json, draft 2020-12), compiled
 * once. The envelope's `dataschema` names the same file; the gateway serves it, the contract tests
 * check what the outbox holds against it.
 */
export class EventSchemas {
  private constructor(
    /** The directory the schemas were loaded from. */
    readonly directory: string,
    private readonly schemas: ReadonlyMap<string, LoadedSchema>,
  ) {}

  /**
   * Loads and compiles every schema in `directory` (default: the nearest `contracts/events` above
   * this file, so it works from source and from dist/). Throws on a file that is not a valid schema
   * or whose name is not `<event type>.json`.
   */
  static load(directory: string = findEventContracts(__dirname)): EventSchemas {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const schemas = new Map<string, LoadedSchema>();
    for (const file of readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort()) {
      const type = file.slice(0, -'.json'.length);
      if (!isEventType(type)) throw new Error(`${join(directory, file)}: the file name is not <event type>.json`);
      const text = readFileSync(join(directory, file), 'utf8');
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(JSON.parse(text) as object);
      } catch (error) {
        throw new Error(
          `${join(directory, file)}: not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      schemas.set(type, { text, validate });
    }
    return new EventSchemas(directory, schemas);
  }

  /** Every event type that has a schema, sorted. */
  types(): string[] {
    return [...this.schemas.keys()];
  }

  has(type: string): boolean {
    return this.schemas.has(type);
  }

  /** The schema file of `<type>.json` as published, or undefined for a name that is not in the set. */
  file(name: string): string | undefined {
    if (!name.endsWith('.json')) return undefined;
    return this.schemas.get(name.slice(0, -'.json'.length))?.text;
  }

  /** Checks an event's `data` against the schema of its type; an unknown type is invalid. */
  validate(type: string, data: unknown): EventDataCheck {
    const schema = this.schemas.get(type);
    if (!schema) return { valid: false, errors: [`no schema for event type ${type}`] };
    if (schema.validate(data)) return { valid: true };
    return { valid: false, errors: (schema.validate.errors ?? []).map(describe) };
  }
}

let shared: EventSchemas | undefined;

/** `EventSchemas.load()` once per process, for callers that do not hold an instance. */
export function eventSchemas(): EventSchemas {
  shared ??= EventSchemas.load();
  return shared;
}

/** Checks an event's `data` against the published schema of its type (contracts/events/<type>.json). */
export function validateEventData(type: string, data: unknown): EventDataCheck {
  return eventSchemas().validate(type, data);
}

/** The nearest `contracts/events` directory at or above `start`. */
export function findEventContracts(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONTRACTS_EVENTS);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) throw new Error(`no ${CONTRACTS_EVENTS} directory at or above ${start}`);
  }
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'data' : `data${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return `${at} has a member the schema does not allow: ${String((error.params as { additionalProperty: string }).additionalProperty)}`;
  }
  return `${at} ${error.message ?? 'is invalid'}`;
}
