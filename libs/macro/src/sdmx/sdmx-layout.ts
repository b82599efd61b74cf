/**
 * What the data formats share: the order of the key, how a `dimensionAtObservation` and a `detail`
 * split the components between series and observations, and the names codes carry.
 */
import type {
  ArtefactRef,
  AttributeDef,
  Codelist,
  DataRendering,
  DataResult,
  DataStructure,
  Detail,
  LocalisedText,
  ObservationRow,
} from './sdmx-model';

export const ALL_DIMENSIONS = 'AllDimensions';

export interface DataLayout {
  /** `series`: time series or cross-sections; `flat`: one list of observations, each with its full key. */
  readonly grouping: 'series' | 'flat';
  /** What the message declares; may differ from the request (see `planLayout`). */
  readonly dimensionAtObservation: string;
  /** Dimension ids, then the time dimension id: the order of SDMX keys. */
  readonly keyOrder: readonly string[];
  readonly seriesDimensions: readonly string[];
  readonly observationDimensions: readonly string[];
  readonly seriesAttributes: readonly AttributeDef[];
  readonly observationAttributes: readonly AttributeDef[];
  readonly withObservations: boolean;
  readonly detail: Detail;
}

export function keyOrder(structure: DataStructure): string[] {
  const dimensions = [...structure.dimensions].sort((a, b) => a.position - b.position).map((d) => d.id);
  return [...dimensions, structure.timeDimension.id];
}

export function isTimeDimension(structure: DataStructure, componentId: string): boolean {
  return structure.timeDimension.id === componentId;
}

/** The value a row has for a dimension or the time dimension. */
export function componentValue(structure: DataStructure, row: ObservationRow, componentId: string): string {
  return isTimeDimension(structure, componentId) ? row.period : (row.key[componentId] ?? '');
}

/** The attributes the caller may read, in DSD order; none when the detail asks for no attributes. */
export function readableAttributes(result: DataResult, detail: Detail): AttributeDef[] {
  if (detail === 'dataonly' || detail === 'serieskeysonly') return [];
  const readable = new Set(result.attributes);
  return result.structure.attributes.filter((attribute) => readable.has(attribute.id));
}

/**
 * A series attribute sits on the series only in time series: there the series key holds every
 * dimension it depends on. A cross-section's or a flat list's key does not, so it moves to the
 * observations. Without observations (`serieskeysonly`, `nodata`) a flat message has nothing to
 * list, so it falls back to time series — the series keys are what such a caller asked for.
 */
export function planLayout(result: DataResult, rendering: DataRendering): DataLayout {
  const { structure } = result;
  const order = keyOrder(structure);
  const requested = rendering.dimensionAtObservation;
  if (requested !== ALL_DIMENSIONS && !order.includes(requested)) {
    throw new RangeError(`dimensionAtObservation ${requested} is not a dimension of ${structure.id}`);
  }
  const withObservations = rendering.detail === 'full' || rendering.detail === 'dataonly';
  const attributes = readableAttributes(result, rendering.detail);
  const common = { keyOrder: order, withObservations, detail: rendering.detail };
  if (requested === ALL_DIMENSIONS && withObservations) {
    return {
      ...common,
      grouping: 'flat',
      dimensionAtObservation: ALL_DIMENSIONS,
      seriesDimensions: [],
      observationDimensions: order,
      seriesAttributes: [],
      observationAttributes: attributes,
    };
  }
  const atObservation = requested === ALL_DIMENSIONS ? structure.timeDimension.id : requested;
  const timeSeries = isTimeDimension(structure, atObservation);
  const seriesAttributes = timeSeries ? attributes.filter((a) => a.attachment === 'Series') : [];
  const observationAttributes = timeSeries ? attributes.filter((a) => a.attachment === 'Observation') : attributes;
  return {
    ...common,
    grouping: 'series',
    dimensionAtObservation: atObservation,
    seriesDimensions: order.filter((id) => id !== atObservation),
    observationDimensions: [atObservation],
    seriesAttributes,
    observationAttributes: withObservations ? observationAttributes : [],
  };
}

/** The rows of each series, series in first-seen order (the result is ordered by series key already). */
export function groupSeries(result: DataResult, layout: DataLayout): ObservationRow[][] {
  const groups = new Map<string, ObservationRow[]>();
  for (const row of result.rows) {
    // NUL cannot occur in a code or a period, so the joined key is unambiguous.
    const key = layout.seriesDimensions.map((id) => componentValue(result.structure, row, id)).join('\u0000');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

export function textIn(text: LocalisedText, language: 'en' | 'zh'): string {
  return text[language];
}

function sameArtefact(a: ArtefactRef, b: ArtefactRef): boolean {
  return a.agencyId === b.agencyId && a.id === b.id && a.version === b.version;
}

/** A code's name; a code its codelist does not know is named by itself rather than dropped. */
export function codeName(codelists: readonly Codelist[], ref: ArtefactRef, codeId: string, language: 'en' | 'zh'): string {
  const code = codelists.find((list) => sameArtefact(list, ref))?.codes.find((c) => c.id === codeId);
  return code ? textIn(code.name, language) : codeId;
}

/** A component's name: its concept's, or its id when the result carries no concept scheme. */
export function conceptName(result: DataResult, conceptId: string, language: 'en' | 'zh'): string {
  const concept = result.conceptScheme?.concepts.find((c) => c.id === conceptId);
  return concept ? textIn(concept.name, language) : conceptId;
}

/** A series attribute depends on every dimension of the series key; an observation attribute on the value. */
export function attributeDependsOn(
  structure: DataStructure,
  attribute: AttributeDef,
): { dimensions: string[] } | { primaryMeasure: string } {
  if (attribute.attachment === 'Observation') return { primaryMeasure: structure.primaryMeasure.id };
  const dimensions = [...structure.dimensions].sort((a, b) => a.position - b.position);
  return { dimensions: dimensions.map((d) => d.id) };
}
