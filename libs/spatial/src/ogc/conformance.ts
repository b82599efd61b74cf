const FEATURES_1 = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf';
const FEATURES_2 = 'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf';
const FEATURES_3 = 'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf';
const CQL2 = 'http://www.opengis.net/spec/cql2/1.0/conf';

/**
 * The conformance classes Hutong implements, and only those (each is exercised by the OGC tests):
 * no HTML encoding, no CASEI/ACCENTI, arithmetic or array functions.
 */
export const CONFORMS_TO = [
  `${FEATURES_1}/core`,
  `${FEATURES_1}/geojson`,
  `${FEATURES_1}/oas30`,
  `${FEATURES_2}/crs`,
  `${FEATURES_3}/filter`,
  `${FEATURES_3}/features-filter`,
  `${FEATURES_3}/queryables`,
  `${FEATURES_3}/queryables-query-parameters`,
  `${CQL2}/basic-cql2`,
  `${CQL2}/cql2-text`,
  `${CQL2}/cql2-json`,
  `${CQL2}/advanced-comparison-operators`,
  `${CQL2}/basic-spatial-functions`,
  `${CQL2}/basic-spatial-functions-plus`,
  `${CQL2}/spatial-functions`,
  `${CQL2}/temporal-functions`,
  `${CQL2}/property-property`,
];

export const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
export const GEOJSON = 'application/geo+json';
export const OPENAPI_JSON = 'application/vnd.oai.openapi+json;version=3.0';
export const SCHEMA_JSON = 'application/schema+json';
