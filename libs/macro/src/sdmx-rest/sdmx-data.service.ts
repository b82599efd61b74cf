import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import {
  indicatorsOf,
  ObservationRepository,
  seriesKeyOf,
  type StoredIndicator,
  type StoredObservation,
} from '../data/observation.repository';
import { MacroAccess } from '../data/macro-access';
import type { DataResult, ObservationRow } from '../sdmx/sdmx-model';
import type { DataRequest, ServedFlow } from './data-request';
import {
  areaCodelist,
  ATTRIBUTE_CODES,
  DATA_STRUCTURE,
  DATAFLOW,
  DIMENSION_ITEMS,
  FIXED_CODELISTS,
  indicatorCodelist,
  macroStructures,
  OBSERVATION_ATTRIBUTES,
  SERIES_ATTRIBUTES,
  textOf,
} from './macro-structures';
import { sdmxProblem } from './sdmx-errors';

/** Beyond this many observations a data query is refused (SDMX 510) rather than built in memory. */
export const MAX_OBSERVATIONS = 100_000;

type Readable = ReadonlySet<string>;

/**
 * SDMX data queries on the macro registry: the entitlement check first (as for every registry
 * read), then the observations the request selects, inside the caller's row scope, with the
 * attributes its grant covers; the read is recorded with the series it returned.
 */
@Injectable()
export class SdmxDataService {
  constructor(
    private readonly access: MacroAccess,
    private readonly repository: ObservationRepository,
  ) {}

  async servedFlow(): Promise<ServedFlow> {
    return {
      ...DATAFLOW,
      dimensionIds: DIMENSION_ITEMS.map((dimension) => dimension.id),
      providerId: await this.access.providerCode(),
    };
  }

  async query(caller: Caller, request: DataRequest): Promise<DataResult> {
    const access = await this.access.open(caller);
    const query = {
      ...request,
      ...(access.decision.rowScope ? { scope: access.decision.rowScope.divisions } : {}),
      limit: MAX_OBSERVATIONS,
    };
    // One series is at most a few hundred periods; anything broader is counted in the database first.
    if (!isSingleSeries(request) && (await this.repository.count(query, MAX_OBSERVATIONS + 1)) > MAX_OBSERVATIONS) {
      throw sdmxProblem('sdmx-response-too-large', `The query selects more than ${MAX_OBSERVATIONS} observations.`);
    }
    const stored = await this.repository.observations(query);
    if (stored.length === 0) throw sdmxProblem('sdmx-no-results', 'No observations match the key, periods and parameters.');
    const indicators = indicatorsOf(stored);
    this.access.recordRead(caller, access, [...new Set(stored.map(seriesKeyOf))], stored.length);
    return {
      dataflow: DATAFLOW,
      structure: DATA_STRUCTURE,
      codelists: codelistsFor(stored, indicators, access.indicatorItems),
      rows: stored.map((row) => observationRow(row, access.observationItems, access.indicatorItems)),
      attributes: readableAttributes(access.observationItems, access.indicatorItems),
    };
  }

  /**
   * The structures, for a caller who may read the observations: CL_INDICATOR over every indicator
   * (named as far as the caller's indicator items go), CL_AREA over the regions it may see data of.
   */
  async structures(caller: Caller): Promise<ReturnType<typeof macroStructures>> {
    const access = await this.access.open(caller);
    const [indicators, regions] = await Promise.all([
      access.indicatorItems.size > 0 ? this.repository.indicators() : Promise.resolve([]),
      this.repository.regions(access.decision.rowScope?.divisions),
    ]);
    return macroStructures(indicators, regions, access.indicatorItems);
  }
}

/** Every dimension named with one code: the request can only select one series. */
function isSingleSeries(request: DataRequest): boolean {
  return DIMENSION_ITEMS.every((dimension) => request.series[dimension.item]?.length === 1);
}

function readableAttributes(readable: Readable, indicatorItems: Readable): string[] {
  return [
    ...SERIES_ATTRIBUTES.filter((attribute) => indicatorItems.has(attribute.item)).map((attribute) => attribute.id),
    ...OBSERVATION_ATTRIBUTES.filter((attribute) => readable.has(attribute.item)).map((attribute) => attribute.id),
  ];
}

function observationRow(row: StoredObservation, readable: Readable, indicatorItems: Readable): ObservationRow {
  const { record, indicator } = row;
  const attributes: Record<string, string> = {};
  for (const attribute of SERIES_ATTRIBUTES) {
    const value = indicator?.[attribute.item];
    if (indicatorItems.has(attribute.item) && value !== undefined && value !== null) attributes[attribute.id] = textOf(value);
  }
  for (const attribute of OBSERVATION_ATTRIBUTES) {
    const value = record[attribute.item];
    if (!readable.has(attribute.item) || value === undefined || value === null) continue;
    attributes[attribute.id] = ATTRIBUTE_CODES[attribute.item]?.[textOf(value)] ?? textOf(value);
  }
  return {
    key: Object.fromEntries(DIMENSION_ITEMS.map((dimension) => [dimension.id, String(record[dimension.item])])),
    period: String(record.time_period),
    value: typeof record.obs_value === 'number' ? record.obs_value : Number(record.obs_value),
    valueText: textOf(record.obs_value),
    attributes,
  };
}

function codelistsFor(
  rows: readonly StoredObservation[],
  indicators: readonly StoredIndicator[],
  readable: ReadonlySet<string>,
): DataResult['codelists'] {
  const regions = [...new Set(rows.map((row) => String(row.record.ref_area)))].sort();
  return [...FIXED_CODELISTS, indicatorCodelist(indicators, readable), areaCodelist(regions)];
}
