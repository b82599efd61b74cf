import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MACRO_INDICATORS } from '../registry/indicators.definition';
import { MACRO_OBSERVATIONS, SERIES_DIMENSIONS, type SeriesDimension } from '../registry/observations.definition';
import { FREQUENCIES, periodContaining } from '../registry/periods';

/** Per dimension, the codes asked for; a dimension left out is a wildcard. */
export type SeriesFilter = Partial<Readonly<Record<SeriesDimension, readonly string[]>>>;

export interface ObservationQuery {
  readonly series: SeriesFilter;
  /** First and last day wanted (`YYYY-MM-DD`): a period is in if it overlaps them. */
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly updatedAfter?: Date;
  readonly firstN?: number;
  readonly lastN?: number;
  /** Read the vintage published at this time instead of the current values. */
  readonly asOf?: Date;
  /** Row scope (division prefixes) of the caller's grant, if it has one. */
  readonly scope?: readonly string[];
  /** At most this many observations come back. */
  readonly limit: number;
}

export interface StoredObservation {
  readonly key: string;
  readonly version: number;
  readonly record: Readonly<Record<string, unknown>>;
  readonly updatedAt: Date;
  /** The current record of its indicator (null if the indicator is gone — it cannot be, writes check it). */
  readonly indicator: Readonly<Record<string, unknown>> | null;
}

export interface StoredIndicator {
  readonly code: string;
  readonly record: Readonly<Record<string, unknown>>;
}

interface ObservationRow {
  key: string;
  version: number;
  record: Record<string, unknown>;
  updated_at: Date;
  indicator: Record<string, unknown> | null;
}

const PERIOD = `(record->>'time_period') COLLATE "C"`;
const REGION_CACHE_MS = 60_000;
const SERIES_ORDER = SERIES_DIMENSIONS.map((dimension) => `(record->>'${dimension}') COLLATE "C"`).join(', ');

/**
 * The SQL of the macro registry's reads, on the kit's tables: observations by series dimensions and
 * period (the partial expression indexes of migration 1795795200000 serve both the current records
 * and the versions, which are the vintages), and indicators by code.
 */
@Injectable()
export class ObservationRepository {
  private readonly regionCache = new Map<string, { codes: string[]; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async observations(query: ObservationQuery): Promise<StoredObservation[]> {
    const { selected, params, param } = selection(query);
    // The indicator (unit, multiplier, names) comes in the same round trip: one query per request —
    // as it stood at `asOf` for a past vintage, so a restated multiplier does not rescale old values.
    const indicators = param(MACRO_INDICATORS.code);
    const indicatorJoin =
      query.asOf === undefined
        ? `LEFT JOIN registry_records i ON i.registry = ${indicators} AND i.key = s.record->>'indicator'`
        : `LEFT JOIN LATERAL (
             SELECT v.record FROM registry_record_versions v
              WHERE v.registry = ${indicators} AND v.key = s.record->>'indicator' AND v.recorded_at <= ${param(query.asOf)}
              ORDER BY v.version DESC LIMIT 1) i ON TRUE`;
    const sql = `
      SELECT s.key, s.version, s.record, s.updated_at, i.record AS indicator
        FROM (${selected}) s
        ${indicatorJoin}
       ORDER BY ${SERIES_ORDER.replace(/record->>/g, 's.record->>')}, ${PERIOD.replace('record->>', 's.record->>')}
       LIMIT ${param(query.limit)}`;
    const rows = await this.dataSource.query<ObservationRow[]>(sql, params);
    return rows.map((row) => ({
      key: row.key,
      version: row.version,
      record: row.record,
      updatedAt: row.updated_at,
      indicator: row.indicator,
    }));
  }

  /**
   * How many observations the query selects, counting no further than `upTo`: a broad query is
   * measured in the database before any of its rows are fetched into the gateway.
   */
  async count(query: ObservationQuery, upTo: number): Promise<number> {
    const { selected, params, param } = selection(query);
    const rows = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${selected}) s LIMIT ${param(upTo)}) capped`,
      params,
    );
    return rows[0]?.n ?? 0;
  }

  /** Every indicator, in code order (the indicator list and CL_INDICATOR; data queries get theirs joined). */
  async indicators(): Promise<StoredIndicator[]> {
    const rows = await this.dataSource.query<Array<{ key: string; record: Record<string, unknown> }>>(
      `SELECT key, record FROM registry_records WHERE registry = $1 ORDER BY key COLLATE "C"`,
      [MACRO_INDICATORS.code],
    );
    return rows.map((row) => ({ code: row.key, record: row.record }));
  }

  /**
   * Every region with published observations inside a row scope (for the CL_AREA codelist). A
   * DISTINCT over every observation: remembered for a minute per scope, as codelists may lag.
   */
  async regions(scope?: readonly string[]): Promise<string[]> {
    const cacheKey = scope?.join(',') ?? '*';
    const cached = this.regionCache.get(cacheKey);
    if (cached !== undefined && Date.now() - cached.at < REGION_CACHE_MS) return cached.codes;
    const rows = await this.dataSource.query<Array<{ code: string }>>(
      `SELECT DISTINCT record->>'ref_area' AS code FROM registry_records
        WHERE registry = $1 AND status = 'published' AND ($2::text[] IS NULL OR scope_division LIKE ANY($2::text[]))
        ORDER BY 1`,
      [MACRO_OBSERVATIONS.code, scope?.map((prefix) => `${prefix}%`) ?? null],
    );
    const codes = rows.map((row) => row.code);
    if (this.regionCache.size > 1_000) this.regionCache.clear();
    this.regionCache.set(cacheKey, { codes, at: Date.now() });
    return codes;
  }
}

/** `A.510100.INTERNET_USERS.ACTUAL` of `A.510100.INTERNET_USERS.ACTUAL.2010`: the observation's series. */
export function seriesKeyOf(row: StoredObservation): string {
  return row.key.slice(0, row.key.lastIndexOf('.'));
}

/** The indicators of some observations, once each (they came with the rows). */
export function indicatorsOf(rows: readonly StoredObservation[]): StoredIndicator[] {
  const byCode = new Map<string, StoredIndicator>();
  for (const row of rows) {
    const code = row.record.indicator;
    if (typeof code === 'string' && row.indicator !== null && !byCode.has(code))
      byCode.set(code, { code, record: row.indicator });
  }
  return [...byCode.values()];
}

/** The observations a query selects (current or vintage, published, period ends applied), as SQL and parameters. */
function selection(query: ObservationQuery): { selected: string; params: unknown[]; param: (value: unknown) => string } {
  const params: unknown[] = [MACRO_OBSERVATIONS.code];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [...seriesConditions(query.series, param), ...periodConditions(query, param)];
  if (query.scope !== undefined) conditions.push(`scope_division LIKE ANY(${param(query.scope.map((p) => `${p}%`))}::text[])`);
  const source = query.asOf === undefined ? currentRows(conditions) : vintageRows(conditions, param(query.asOf));
  const updated = query.updatedAfter === undefined ? '' : `AND updated_at > ${param(query.updatedAfter)}`;
  const published = `SELECT * FROM (${source}) o WHERE status = 'published' ${updated}`;
  return { selected: withEnds(published, query, param), params, param };
}

function currentRows(conditions: readonly string[]): string {
  return `SELECT key, version, record, status, updated_at FROM registry_records
           WHERE registry = $1 ${conditions.map((condition) => `AND ${condition}`).join(' ')}`;
}

/** The newest version of each observation recorded at or before `asOf` (a withdrawn one stays withdrawn). */
function vintageRows(conditions: readonly string[], asOf: string): string {
  return `SELECT DISTINCT ON (key) key, version, record, status, recorded_at AS updated_at FROM registry_record_versions
           WHERE registry = $1 AND recorded_at <= ${asOf} ${conditions.map((condition) => `AND ${condition}`).join(' ')}
           ORDER BY key, version DESC`;
}

function seriesConditions(series: SeriesFilter, param: (value: unknown) => string): string[] {
  return SERIES_DIMENSIONS.flatMap((dimension) => {
    const codes = series[dimension];
    return codes === undefined ? [] : [`record->>'${dimension}' = ANY(${param(codes)}::text[])`];
  });
}

/**
 * startPeriod / endPeriod as per-frequency bounds on the period text: within one frequency the
 * text sorts as time does, so "overlaps 2015-05-01 … 2016-03-31" is `A` 2015–2016, `Q` 2015-Q2 –
 * 2016-Q1, `M` 2015-05 – 2016-03, each a range the index can scan.
 */
function periodConditions(query: ObservationQuery, param: (value: unknown) => string): string[] {
  if (query.fromDay === undefined && query.toDay === undefined) return [];
  const perFrequency = FREQUENCIES.map((frequency) => {
    const bounds = [`record->>'freq' = '${frequency}'`];
    if (query.fromDay !== undefined) bounds.push(`${PERIOD} >= ${param(periodContaining(frequency, query.fromDay))}`);
    if (query.toDay !== undefined) bounds.push(`${PERIOD} <= ${param(periodContaining(frequency, query.toDay))}`);
    return `(${bounds.join(' AND ')})`;
  });
  return [`(${perFrequency.join(' OR ')})`];
}

/**
 * firstNObservations / lastNObservations: an observation is kept if either end of its series
 * reaches it. Without them, no window is computed.
 */
function withEnds(published: string, query: ObservationQuery, param: (value: unknown) => string): string {
  const ends: string[] = [];
  if (query.firstN !== undefined) ends.push(`from_first <= ${param(query.firstN)}`);
  if (query.lastN !== undefined) ends.push(`from_last <= ${param(query.lastN)}`);
  if (ends.length === 0) return published;
  return `SELECT * FROM (
            SELECT p.*,
                   row_number() OVER (PARTITION BY ${SERIES_ORDER} ORDER BY ${PERIOD}) AS from_first,
                   row_number() OVER (PARTITION BY ${SERIES_ORDER} ORDER BY ${PERIOD} DESC) AS from_last
              FROM (${published}) p
          ) numbered WHERE ${ends.join(' OR ')}`;
}
