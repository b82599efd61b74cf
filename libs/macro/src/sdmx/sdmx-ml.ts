/**
 * SDMX-ML 2.1 GenericData (`application/vnd.sdmx.genericdata+xml;version=2.1`): every component
 * value is written as an `id`/`value` pair, so a client needs no structure-specific schema.
 */
import { componentValue, groupSeries, planLayout, type DataLayout } from './sdmx-layout';
import { maintainableRef, sdmxDocument, sdmxElement, sdmxHeader, serialise, type XmlElement } from './sdmx-ml-common';
import {
  observationValueText,
  type AttributeDef,
  type DataRendering,
  type DataResult,
  type DataStructure,
  type ObservationRow,
} from './sdmx-model';

export { renderStructureXml, SDMX_ML_STRUCTURE_MEDIA_TYPE } from './sdmx-ml-structure';

export const SDMX_ML_GENERIC_DATA_MEDIA_TYPE = 'application/vnd.sdmx.genericdata+xml;version=2.1';

/** `structureID` is an xs:ID (an NCName) that the data set's `structureRef` points back to. */
function structureIdOf(structure: DataStructure): string {
  const id = `${structure.agencyId}_${structure.id}_${structure.version}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

export function renderGenericData(result: DataResult, rendering: DataRendering): string {
  const layout = planLayout(result, rendering);
  const { document, root } = sdmxDocument('GenericData', ['message', 'common', 'generic']);
  const structureId = structureIdOf(result.structure);
  const header = sdmxHeader(root, rendering.header);
  const structure = sdmxElement(header, 'message', 'Structure', {
    structureID: structureId,
    dimensionAtObservation: layout.dimensionAtObservation,
  });
  maintainableRef(sdmxElement(structure, 'common', 'Structure'), result.structure, 'datastructure', 'DataStructure');

  const dataSet = sdmxElement(root, 'message', 'DataSet', { structureRef: structureId, action: 'Information' });
  if (layout.grouping === 'flat') {
    for (const row of result.rows) writeFlatObservation(dataSet, result, layout, row);
  } else {
    for (const rows of groupSeries(result, layout)) writeSeries(dataSet, result, layout, rows);
  }
  return serialise(document);
}

function writeValues(parent: XmlElement, name: string, values: readonly (readonly [string, string])[]): void {
  if (values.length === 0) return;
  const element = sdmxElement(parent, 'generic', name);
  for (const [id, value] of values) sdmxElement(element, 'generic', 'Value', { id, value });
}

function keyValues(result: DataResult, row: ObservationRow, dimensionIds: readonly string[]): [string, string][] {
  return dimensionIds.map((id) => [id, componentValue(result.structure, row, id)]);
}

/** An attribute without a value for this row is left out rather than written empty. */
function attributeValues(row: ObservationRow, attributes: readonly AttributeDef[]): [string, string][] {
  return attributes.flatMap((a) => {
    const value = row.attributes[a.id];
    return value === undefined ? [] : [[a.id, value] as [string, string]];
  });
}

/** A missing value has no `ObsValue` (it is optional in 2.1); its attributes, e.g. a status, still say why. */
function writeObservationBody(obs: XmlElement, layout: DataLayout, row: ObservationRow): void {
  if (row.value !== null) sdmxElement(obs, 'generic', 'ObsValue', { value: observationValueText(row) });
  writeValues(obs, 'Attributes', attributeValues(row, layout.observationAttributes));
}

function writeSeries(dataSet: XmlElement, result: DataResult, layout: DataLayout, rows: readonly ObservationRow[]): void {
  const [first] = rows;
  if (!first) return;
  const series = sdmxElement(dataSet, 'generic', 'Series');
  writeValues(series, 'SeriesKey', keyValues(result, first, layout.seriesDimensions));
  // The model repeats series attributes on each observation of a series; any one of them will do.
  writeValues(series, 'Attributes', attributeValues(first, layout.seriesAttributes));
  if (!layout.withObservations) return;
  const [observationDimension] = layout.observationDimensions;
  if (observationDimension === undefined) return;
  for (const row of rows) {
    const obs = sdmxElement(series, 'generic', 'Obs');
    sdmxElement(obs, 'generic', 'ObsDimension', { value: componentValue(result.structure, row, observationDimension) });
    writeObservationBody(obs, layout, row);
  }
}

function writeFlatObservation(dataSet: XmlElement, result: DataResult, layout: DataLayout, row: ObservationRow): void {
  const obs = sdmxElement(dataSet, 'generic', 'Obs');
  writeValues(obs, 'ObsKey', keyValues(result, row, layout.observationDimensions));
  writeObservationBody(obs, layout, row);
}
