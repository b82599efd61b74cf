/**
 * SDMX-CSV 1.0 (`application/vnd.sdmx.data+csv;version=1.0.0`): one flat table whose first column
 * names the dataflow, then the key, the period, the value and the attributes the caller may read.
 */
import { groupSeries, isTimeDimension, keyOrder, planLayout, readableAttributes } from './sdmx-layout';
import { observationValueText, type AttributeDef, type DataRendering, type DataResult, type ObservationRow } from './sdmx-model';

export const SDMX_CSV_DATA_MEDIA_TYPE = 'application/vnd.sdmx.data+csv;version=1.0.0';

/** RFC 4180 ends records with CRLF; spreadsheet programs and R's read.csv accept it as well. */
const RECORD_END = '\r\n';

/**
 * RFC 4180 quoting: a field holding a comma, a double quote or a line break is enclosed in double
 * quotes, its double quotes doubled. Written here because csv-stringify is not a dependency.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + RECORD_END;
}

export function renderSdmxCsvData(result: DataResult, rendering: DataRendering): string {
  const { structure, dataflow } = result;
  const dataflowCell = `${dataflow.agencyId}:${dataflow.id}(${dataflow.version})`;
  const dimensions = keyOrder(structure).filter((id) => !isTimeDimension(structure, id));
  const keyCells = (row: ObservationRow): string[] => [dataflowCell, ...dimensions.map((id) => row.key[id] ?? '')];
  const attributeCells = (row: ObservationRow, attributes: readonly AttributeDef[]): string[] =>
    attributes.map((a) => row.attributes[a.id] ?? '');

  if (rendering.detail === 'serieskeysonly' || rendering.detail === 'nodata') {
    // One record per time series: its key and, for `nodata`, the attributes that hold for the whole series.
    const layout = planLayout(result, { ...rendering, dimensionAtObservation: structure.timeDimension.id });
    const attributes = layout.seriesAttributes;
    const header = ['DATAFLOW', ...dimensions, ...attributes.map((a) => a.id)];
    const records = groupSeries(result, layout).flatMap(([first]) =>
      first ? [[...keyCells(first), ...attributeCells(first, attributes)]] : [],
    );
    return [header, ...records].map(csvRecord).join('');
  }

  const attributes = readableAttributes(result, rendering.detail);
  const header = [
    'DATAFLOW',
    ...dimensions,
    structure.timeDimension.id,
    structure.primaryMeasure.id,
    ...attributes.map((a) => a.id),
  ];
  const records = result.rows.map((row) => [
    ...keyCells(row),
    row.period,
    observationValueText(row),
    ...attributeCells(row, attributes),
  ]);
  return [header, ...records].map(csvRecord).join('');
}
