/**
 * SDMX-JSON data message 1.0 (`application/vnd.sdmx.data+json;version=1.0.0`). The data set refers
 * to component values by their index in `structure`, so values are registered as the data set is
 * written and the structure, listing only what was used, is written last.
 */
import {
  codeName,
  componentValue,
  conceptName,
  groupSeries,
  isTimeDimension,
  planLayout,
  textIn,
  type DataLayout,
} from './sdmx-layout';
import { jsonMeta } from './sdmx-json-meta';
import type { AttributeDef, DataRendering, DataResult, ObservationRow } from './sdmx-model';
import { urnOf } from './sdmx-model';
import { periodBounds } from './sdmx-period';

export { renderSdmxJsonStructure } from './sdmx-json-structure';

export const SDMX_JSON_DATA_MEDIA_TYPE = 'application/vnd.sdmx.data+json;version=1.0.0';

/** SDMX cross-domain concepts that tell a visualiser what a component is for (the field guide's `role`). */
const ROLE_CONCEPTS = new Set([
  'FREQ',
  'REF_AREA',
  'TIME_PERIOD',
  'UNIT_MEASURE',
  'UNIT_MULT',
  'OBS_STATUS',
  'DECIMALS',
  'TITLE',
]);

type JsonObservation = (number | null)[];

interface JsonSeries {
  attributes?: (number | null)[];
  observations?: Record<string, JsonObservation>;
}

interface JsonValue {
  id?: string;
  name: string;
  start?: string;
  end?: string;
}

interface JsonComponent {
  id: string;
  name: string;
  keyPosition?: number;
  role?: string;
  values: JsonValue[];
}

/** The values of one component in the order the data set first used them; their index is what the data set holds. */
class FirstSeen {
  private readonly positions = new Map<string, number>();
  readonly values: string[] = [];

  indexOf(value: string): number {
    let position = this.positions.get(value);
    if (position === undefined) {
      position = this.values.length;
      this.positions.set(value, position);
      this.values.push(value);
    }
    return position;
  }
}

class ValueRegistry {
  private readonly byComponent = new Map<string, FirstSeen>();

  of(componentId: string): FirstSeen {
    let seen = this.byComponent.get(componentId);
    if (!seen) {
      seen = new FirstSeen();
      this.byComponent.set(componentId, seen);
    }
    return seen;
  }
}

export function renderSdmxJsonData(result: DataResult, rendering: DataRendering): object {
  const layout = planLayout(result, rendering);
  const registry = new ValueRegistry();
  const dataSet =
    layout.grouping === 'flat'
      ? { action: 'Information', observations: flatObservations(result, layout, registry) }
      : { action: 'Information', series: seriesOf(result, layout, registry) };
  const language = rendering.header.language;
  return {
    meta: jsonMeta(rendering.header, [language]),
    data: { structure: jsonStructure(result, layout, registry, language), dataSets: [dataSet] },
  };
}

function keyOf(result: DataResult, row: ObservationRow, dimensionIds: readonly string[], registry: ValueRegistry): string {
  return dimensionIds.map((id) => registry.of(id).indexOf(componentValue(result.structure, row, id))).join(':');
}

function attributeIndex(row: ObservationRow, attribute: AttributeDef, registry: ValueRegistry): number | null {
  const value = row.attributes[attribute.id];
  return value === undefined ? null : registry.of(attribute.id).indexOf(value);
}

function observation(row: ObservationRow, layout: DataLayout, registry: ValueRegistry): JsonObservation {
  return [row.value, ...layout.observationAttributes.map((a) => attributeIndex(row, a, registry))];
}

function flatObservations(result: DataResult, layout: DataLayout, registry: ValueRegistry): Record<string, JsonObservation> {
  const observations: Record<string, JsonObservation> = {};
  for (const row of result.rows) {
    observations[keyOf(result, row, layout.observationDimensions, registry)] = observation(row, layout, registry);
  }
  return observations;
}

function seriesOf(result: DataResult, layout: DataLayout, registry: ValueRegistry): Record<string, JsonSeries> {
  const series: Record<string, JsonSeries> = {};
  for (const rows of groupSeries(result, layout)) {
    const [first] = rows;
    if (!first) continue;
    series[keyOf(result, first, layout.seriesDimensions, registry)] = seriesEntry(result, rows, layout, registry);
  }
  return series;
}

function seriesEntry(result: DataResult, rows: ObservationRow[], layout: DataLayout, registry: ValueRegistry): JsonSeries {
  const [first] = rows;
  if (layout.detail === 'serieskeysonly' || !first) return {};
  // The model repeats series attributes on each observation of a series; any one of them will do.
  const entry: JsonSeries = { attributes: layout.seriesAttributes.map((a) => attributeIndex(first, a, registry)) };
  if (layout.withObservations) {
    entry.observations = {};
    for (const row of rows) {
      entry.observations[keyOf(result, row, layout.observationDimensions, registry)] = observation(row, layout, registry);
    }
  }
  return entry;
}

function jsonStructure(result: DataResult, layout: DataLayout, registry: ValueRegistry, language: 'en' | 'zh'): object {
  const dimension = (id: string): JsonComponent => dimensionComponent(result, layout, id, registry, language);
  const attribute = (def: AttributeDef): JsonComponent => attributeComponent(result, def, registry, language);
  const { dataflow, structure } = result;
  return {
    links: [
      { href: urnOf('Dataflow', dataflow), rel: 'dataflow' },
      { href: urnOf('DataStructure', structure), rel: 'datastructure' },
    ],
    name: textIn(dataflow.name, language),
    dimensions: {
      series: layout.seriesDimensions.map(dimension),
      observation: layout.observationDimensions.map(dimension),
    },
    attributes: {
      series: layout.seriesAttributes.map(attribute),
      observation: layout.observationAttributes.map(attribute),
    },
  };
}

/** Fields in the field guide's order; `role` only for the cross-domain concepts a visualiser knows. */
function component(
  id: string,
  name: string,
  conceptId: string,
  keyPosition: number | undefined,
  values: JsonValue[],
): JsonComponent {
  return {
    id,
    name,
    ...(keyPosition === undefined ? {} : { keyPosition }),
    ...(ROLE_CONCEPTS.has(conceptId) ? { role: conceptId } : {}),
    values,
  };
}

function dimensionComponent(
  result: DataResult,
  layout: DataLayout,
  id: string,
  registry: ValueRegistry,
  language: 'en' | 'zh',
): JsonComponent {
  const { structure } = result;
  const used = registry.of(id).values;
  const keyPosition = layout.keyOrder.indexOf(id);
  if (isTimeDimension(structure, id)) {
    const { conceptId } = structure.timeDimension;
    const values = used.map((period) => ({ id: period, name: period, ...periodBounds(period) }));
    return component(id, conceptName(result, conceptId, language), conceptId, keyPosition, values);
  }
  const def = structure.dimensions.find((d) => d.id === id);
  if (!def) throw new RangeError(`${id} is not a dimension of ${structure.id}`);
  const values = used.map((code) => ({ id: code, name: codeName(result.codelists, def.codelist, code, language) }));
  return component(id, conceptName(result, def.conceptId, language), def.conceptId, keyPosition, values);
}

/** Free-text attribute values have no id: the field guide allows a value that is only a name. */
function attributeComponent(
  result: DataResult,
  def: AttributeDef,
  registry: ValueRegistry,
  language: 'en' | 'zh',
): JsonComponent {
  const { codelist } = def;
  const values = registry
    .of(def.id)
    .values.map((value) =>
      codelist ? { id: value, name: codeName(result.codelists, codelist, value, language) } : { name: value },
    );
  return component(def.id, conceptName(result, def.conceptId, language), def.conceptId, undefined, values);
}
