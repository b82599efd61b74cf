import type { ObservationQuery, SeriesFilter } from '../data/observation.repository';
import { SERIES_DIMENSIONS } from '../registry/observations.definition';
import { periodEnd, periodStart } from '../registry/periods';
import type { Detail } from '../sdmx/sdmx-model';
import { sdmxProblem, syntaxError } from './sdmx-errors';

/** A data query of SDMX 2.1 REST, checked and in the terms of the observation repository. */
export interface DataRequest extends Omit<ObservationQuery, 'scope' | 'limit'> {
  readonly detail: Detail;
  readonly dimensionAtObservation: string;
}

/** The dataflow and provider this service has, to tell "no such flow" (404) from a malformed reference (400). */
export interface ServedFlow {
  readonly agencyId: string;
  readonly id: string;
  readonly version: string;
  /** SDMX dimension ids in key order, e.g. FREQ, REF_AREA, INDICATOR, VALUE_TYPE. */
  readonly dimensionIds: readonly string[];
  readonly providerId: string;
}

const DETAILS: readonly Detail[] = ['full', 'dataonly', 'serieskeysonly', 'nodata'];
const PARAMETERS = new Set([
  'startPeriod',
  'endPeriod',
  'updatedAfter',
  'firstNObservations',
  'lastNObservations',
  'dimensionAtObservation',
  'detail',
  'includeHistory',
  'asOf',
]);
const ID = /^[A-Za-z0-9_@$-]+$/;
const VERSION = /^(latest|\d+(\.\d+){0,2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_N = 1_000_000;
/** Codes OR-ed in one key position; more is a different query (leave the position empty). */
const MAX_CODES = 500;

export function parseDataRequest(
  flow: ServedFlow,
  path: { readonly flowRef: string; readonly key?: string; readonly providerRef?: string },
  query: Readonly<Record<string, unknown>>,
): DataRequest {
  checkFlowRef(flow, path.flowRef);
  checkProviderRef(flow, path.providerRef);
  const parameters = singleValues(query);
  const period = periodWindow(parameters.startPeriod, parameters.endPeriod);
  if (parameters.includeHistory !== undefined && parameters.includeHistory !== 'false') {
    if (parameters.includeHistory === 'true') {
      throw sdmxProblem('sdmx-not-implemented', 'includeHistory=true is not served; ask for a past vintage with asOf.');
    }
    throw syntaxError('includeHistory', 'boolean', 'true or false');
  }
  return {
    series: seriesFilterOf(flow, path.key),
    ...period,
    ...optional('updatedAfter', parameters.updatedAfter, dateTimeOf),
    ...optional('firstN', parameters.firstNObservations, (text) => countOf('firstNObservations', text)),
    ...optional('lastN', parameters.lastNObservations, (text) => countOf('lastNObservations', text)),
    ...optional('asOf', parameters.asOf, (text) => dateTimeOf(text, 'asOf')),
    detail: detailOf(parameters.detail),
    dimensionAtObservation: dimensionAtObservationOf(flow, parameters.dimensionAtObservation),
  };
}

function optional<K extends string, V>(
  name: K,
  text: string | undefined,
  parse: (text: string, field: string) => V,
): Partial<Record<K, V>> {
  return text === undefined ? {} : ({ [name]: parse(text, name) } as Record<K, V>);
}

/** `DF_MACRO`, `HUTONG,DF_MACRO`, `HUTONG,DF_MACRO,1.0`; `all` / `latest` where SDMX allows them. */
function checkFlowRef(flow: ServedFlow, flowRef: string): void {
  const parts = flowRef.split(',');
  const [agency, id, version] =
    parts.length === 1 ? ['all', parts[0] ?? '', 'latest'] : [parts[0], parts[1], parts[2] ?? 'latest'];
  if (parts.length > 3 || !ID.test(agency ?? '') || !ID.test(id ?? '') || !VERSION.test(version ?? '')) {
    throw syntaxError('flowRef', 'syntax', 'AGENCY,FLOW,VERSION, FLOW,VERSION-less forms, or FLOW alone');
  }
  const agencyMatches = agency === 'all' || agency === flow.agencyId;
  const versionMatches = version === 'latest' || version === flow.version || `${version}.0` === flow.version;
  if (!agencyMatches || id !== flow.id || !versionMatches) {
    throw sdmxProblem(
      'sdmx-no-results',
      `There is no dataflow ${flowRef}; this service has ${flow.agencyId},${flow.id},${flow.version}.`,
    );
  }
}

function checkProviderRef(flow: ServedFlow, providerRef: string | undefined): void {
  if (providerRef === undefined || providerRef === 'all') return;
  const parts = providerRef.split(',');
  if (parts.length > 2 || parts.some((part) => !ID.test(part))) {
    throw syntaxError('providerRef', 'syntax', 'AGENCY,PROVIDER, PROVIDER or all');
  }
  const id = parts.at(-1);
  const agency = parts.length === 2 ? parts[0] : 'all';
  if (id !== flow.providerId || (agency !== 'all' && agency !== flow.agencyId)) {
    throw sdmxProblem(
      'sdmx-no-results',
      `No data provider ${providerRef}; the data of ${flow.id} comes from ${flow.providerId}.`,
    );
  }
}

/** `A.440100+510100..ACTUAL`: positions in dimension order, empty = any, `+` = or; `all` = everything. */
function seriesFilterOf(flow: ServedFlow, key: string | undefined): SeriesFilter {
  if (key === undefined || key === 'all') return {};
  const positions = key.split('.');
  if (positions.length !== flow.dimensionIds.length) {
    throw syntaxError(
      'key',
      'dimensions',
      `the key has ${flow.dimensionIds.length} positions (${flow.dimensionIds.join('.')}); got ${positions.length}`,
    );
  }
  const filter: Partial<Record<(typeof SERIES_DIMENSIONS)[number], readonly string[]>> = {};
  positions.forEach((position, index) => {
    if (position === '') return;
    const codes = position.split('+');
    if (codes.length > MAX_CODES) {
      throw syntaxError('key', 'too_many_codes', `at most ${MAX_CODES} codes per position (${flow.dimensionIds[index]})`);
    }
    const bad = codes.find((code) => !ID.test(code));
    if (bad !== undefined) throw syntaxError('key', 'code', `"${bad}" at ${flow.dimensionIds[index]} is no SDMX code`);
    const dimension = SERIES_DIMENSIONS[index];
    if (dimension !== undefined) filter[dimension] = [...new Set(codes)];
  });
  return filter;
}

function singleValues(query: Readonly<Record<string, unknown>>): Partial<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!PARAMETERS.has(name)) {
      throw syntaxError(name, 'unknown_parameter', `not a parameter of SDMX 2.1 data queries (${[...PARAMETERS].join(', ')})`);
    }
    if (typeof value !== 'string') throw syntaxError(name, 'repeated', 'give the parameter once');
    values[name] = value;
  }
  return values;
}

function periodWindow(start: string | undefined, end: string | undefined): { fromDay?: string; toDay?: string } {
  const fromDay = start === undefined ? undefined : periodStart(start);
  const toDay = end === undefined ? undefined : periodEnd(end);
  if (start !== undefined && fromDay === undefined)
    throw syntaxError('startPeriod', 'period', 'e.g. 2015, 2015-Q1, 2015-01 or 2015-01-31');
  if (end !== undefined && toDay === undefined)
    throw syntaxError('endPeriod', 'period', 'e.g. 2020, 2020-Q4, 2020-12 or 2020-12-31');
  if (fromDay !== undefined && toDay !== undefined && fromDay > toDay) {
    throw sdmxProblem('sdmx-semantic-error', `startPeriod ${start} is after endPeriod ${end}.`, [
      { field: 'startPeriod', rule: 'order', message: 'must not be after endPeriod' },
    ]);
  }
  return { ...(fromDay !== undefined ? { fromDay } : {}), ...(toDay !== undefined ? { toDay } : {}) };
}

function dateTimeOf(text: string, field: string): Date {
  const parsed = new Date(text);
  if (!DATE_TIME.test(text) || Number.isNaN(parsed.getTime())) {
    throw syntaxError(
      field,
      'date_time',
      'an ISO 8601 date-time with a zone, e.g. 2026-01-31T08:00:00Z or 2026-01-31T16:00:00+08:00',
    );
  }
  return parsed;
}

function countOf(field: string, text: string): number {
  const count = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= MAX_N)) throw syntaxError(field, 'positive_integer', `a whole number from 1 to ${MAX_N}`);
  return count;
}

function detailOf(text: string | undefined): Detail {
  if (text === undefined) return 'full';
  if ((DETAILS as readonly string[]).includes(text)) return text as Detail;
  throw syntaxError('detail', 'enum', `one of ${DETAILS.join(', ')}`);
}

function dimensionAtObservationOf(flow: ServedFlow, text: string | undefined): string {
  if (text === undefined) return 'TIME_PERIOD';
  if (text === 'TIME_PERIOD' || text === 'AllDimensions' || flow.dimensionIds.includes(text)) return text;
  throw syntaxError(
    'dimensionAtObservation',
    'dimension',
    `TIME_PERIOD, AllDimensions or a dimension: ${flow.dimensionIds.join(', ')}`,
  );
}
