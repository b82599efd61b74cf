import { Injectable } from '@nestjs/common';
import { lookupDivision } from '@hutong/gb-codes';
import type { Caller } from '@hutong/identity';
import { notEntitled } from '@hutong/registries';
import { MacroAccess } from './macro-access';
import { ObservationRepository, seriesKeyOf, type SeriesFilter, type StoredObservation } from './observation.repository';

/** At most this many observations per plain-API answer; SDMX serves bigger pulls. */
export const MAX_SERIES_OBSERVATIONS = 20_000;

export interface SeriesQuery {
  readonly series: SeriesFilter;
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly asOf?: Date;
}

export interface PlainObservation {
  readonly period: string;
  readonly value?: number;
  /** The value exactly as stored (a decimal may have more digits than a JSON number keeps). */
  readonly valueText?: string;
  readonly comparator?: string;
  readonly status?: string;
  readonly sourceRef?: string;
  readonly sourceQuote?: string;
  readonly comment?: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface PlainSeries {
  readonly key: string;
  readonly indicator: Readonly<Record<string, unknown>>;
  readonly region: { readonly code: string; readonly name?: string };
  readonly frequency: string;
  readonly valueType: string;
  readonly observations: PlainObservation[];
}

const OBSERVATION_FIELDS = [
  ['obs_value', 'value'],
  ['comparator', 'comparator'],
  ['obs_status', 'status'],
  ['source_ref', 'sourceRef'],
  ['source_quote', 'sourceQuote'],
  ['comment', 'comment'],
] as const;

/**
 * The plain JSON view of the macro registry for agencies that do not speak SDMX: series with their
 * observations (value, comparator, status, source), the indicator's names and unit, the region's
 * name — through the same entitlement check and row scope as the SDMX queries.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly access: MacroAccess,
    private readonly repository: ObservationRepository,
  ) {}

  async series(caller: Caller, query: SeriesQuery): Promise<{ series: PlainSeries[]; truncated: boolean }> {
    const access = await this.access.open(caller);
    const stored = await this.repository.observations({
      ...query,
      ...(access.decision.rowScope ? { scope: access.decision.rowScope.divisions } : {}),
      limit: MAX_SERIES_OBSERVATIONS + 1,
    });
    const shown = stored.slice(0, MAX_SERIES_OBSERVATIONS);
    const grouped = new Map<string, PlainSeries>();
    for (const row of shown) {
      const key = seriesKeyOf(row);
      let series = grouped.get(key);
      if (series === undefined) {
        series = seriesOf(key, row, access.indicatorItems);
        grouped.set(key, series);
      }
      series.observations.push(observationOf(row, access.observationItems));
    }
    this.access.recordRead(caller, access, [...grouped.keys()], shown.length);
    return { series: [...grouped.values()], truncated: stored.length > MAX_SERIES_OBSERVATIONS };
  }

  /** The indicator list, projected to the items the caller may read. */
  async indicators(caller: Caller, topic: string | undefined): Promise<{ items: Array<Record<string, unknown>> }> {
    const readable = await this.access.openIndicators(caller);
    if (topic !== undefined && !readable.has('topic')) {
      throw notEntitled({ reason: 'item_not_granted', detail: 'Filtering by topic needs the topic item.', items: ['topic'] });
    }
    const all = await this.repository.indicators();
    const items = all
      .filter((indicator) => topic === undefined || indicator.record.topic === topic)
      .map((indicator) => project(indicator.record, readable));
    return { items };
  }
}

function seriesOf(key: string, row: StoredObservation, readable: ReadonlySet<string>): PlainSeries {
  const { record } = row;
  const indicator = row.indicator ?? { indicator_code: record.indicator };
  const region = String(record.ref_area);
  const name = lookupDivision(region)?.name;
  return {
    key,
    indicator: project(indicator, readable),
    region: { code: region, ...(name !== undefined ? { name } : {}) },
    frequency: String(record.freq),
    valueType: String(record.value_type),
    observations: [],
  };
}

function observationOf(row: StoredObservation, readable: ReadonlySet<string>): PlainObservation {
  const fields: Record<string, unknown> = { period: row.record.time_period };
  for (const [item, field] of OBSERVATION_FIELDS) {
    const value = row.record[item];
    if (!readable.has(item) || value === undefined || value === null) continue;
    fields[field] = item === 'obs_value' ? Number(value) : value;
    // A JSON number cannot hold every decimal the registry stores: the exact text comes along.
    if (item === 'obs_value') fields.valueText = value;
  }
  return { ...fields, version: row.version, updatedAt: row.updatedAt.toISOString() } as PlainObservation;
}

function project(record: Readonly<Record<string, unknown>>, readable: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([item]) => readable.has(item)));
}
