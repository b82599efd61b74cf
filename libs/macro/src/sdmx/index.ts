export * from './sdmx-model';
export { renderSdmxJsonData, renderSdmxJsonStructure, SDMX_JSON_DATA_MEDIA_TYPE } from './sdmx-json';
export { SDMX_JSON_STRUCTURE_MEDIA_TYPE } from './sdmx-json-structure';
export { renderSdmxCsvData, SDMX_CSV_DATA_MEDIA_TYPE } from './sdmx-csv';
export { renderGenericData, renderStructureXml, SDMX_ML_GENERIC_DATA_MEDIA_TYPE, SDMX_ML_STRUCTURE_MEDIA_TYPE } from './sdmx-ml';
export { ALL_DIMENSIONS } from './sdmx-layout';
export { periodBounds, type PeriodBounds } from './sdmx-period';
