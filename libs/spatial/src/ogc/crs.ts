import { validationProblem } from '@hutong/platform';

/** A coordinate reference system the OGC API serves (Part 2). */
export interface SupportedCrs {
  readonly uri: string;
  readonly srid: number;
  /** Authority axis order is latitude, longitude (EPSG:4490); CRS84 and projected CRSs are x, y. */
  readonly latitudeFirst: boolean;
  /** Decimal places worth sending: 1e-9 degree, or a millimetre. */
  readonly decimals: number;
}

export const CRS84: SupportedCrs = {
  uri: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
  srid: 4326,
  latitudeFirst: false,
  decimals: 9,
};
/** CGCS2000, the storage CRS: geographic, latitude first in its authority's axis order. */
export const CGCS2000: SupportedCrs = {
  uri: 'http://www.opengis.net/def/crs/EPSG/0/4490',
  srid: 4490,
  latitudeFirst: true,
  decimals: 9,
};
export const WEB_MERCATOR: SupportedCrs = {
  uri: 'http://www.opengis.net/def/crs/EPSG/0/3857',
  srid: 3857,
  latitudeFirst: false,
  decimals: 3,
};

export const SUPPORTED_CRS: readonly SupportedCrs[] = [CRS84, CGCS2000, WEB_MERCATOR];
export const STORAGE_CRS = CGCS2000;
export const STORAGE_SRID = 4490;

/** A `crs` / `bbox-crs` / `filter-crs` value: one of the CRS URIs above (or its safe CURIE `[EPSG:4490]`), else 400. */
export function parseCrs(value: string, field: string): SupportedCrs {
  const curie = /^\[?(EPSG|OGC):([0-9A-Z.]+)\]?$/i.exec(value);
  const uri = curie
    ? curie[1]?.toUpperCase() === 'OGC'
      ? `http://www.opengis.net/def/crs/OGC/1.3/${curie[2] ?? ''}`
      : `http://www.opengis.net/def/crs/EPSG/0/${curie[2] ?? ''}`
    : value.replace(/^https:/, 'http:');
  const found = SUPPORTED_CRS.find((crs) => crs.uri === uri);
  if (!found) {
    throw validationProblem([
      { field, rule: 'unsupported_crs', message: `supported: ${SUPPORTED_CRS.map((crs) => crs.uri).join(', ')}` },
    ]);
  }
  return found;
}
