import { negotiate, platformProblem } from '@hutong/platform';

export type DataFormat = 'generic-xml' | 'json' | 'csv';
export type StructureFormat = 'xml' | 'json';

interface Offer<F> {
  readonly type: string;
  /** The `version` parameter SDMX media types carry; a request for another version is not served. */
  readonly version?: string;
  readonly format: F;
  /** What the response says it is. */
  readonly contentType: string;
}

const GENERIC = 'application/vnd.sdmx.genericdata+xml; version=2.1; charset=utf-8';
const SDMX_JSON = 'application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8';
const SDMX_CSV = 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8';
const STRUCTURE_XML = 'application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8';
const STRUCTURE_JSON = 'application/vnd.sdmx.structure+json; version=1.0.0; charset=utf-8';

/** SDMX-ML GenericData first: the SDMX 2.1 REST default, and what XML clients (rsdmx) read. */
const DATA_OFFERS: readonly Offer<DataFormat>[] = [
  { type: 'application/vnd.sdmx.genericdata+xml', version: '2.1', format: 'generic-xml', contentType: GENERIC },
  { type: 'application/xml', format: 'generic-xml', contentType: GENERIC },
  { type: 'text/xml', format: 'generic-xml', contentType: GENERIC },
  { type: 'application/vnd.sdmx.data+json', version: '1.0.0', format: 'json', contentType: SDMX_JSON },
  { type: 'application/json', format: 'json', contentType: SDMX_JSON },
  { type: 'application/vnd.sdmx.data+csv', version: '1.0.0', format: 'csv', contentType: SDMX_CSV },
  { type: 'text/csv', format: 'csv', contentType: SDMX_CSV },
];

const STRUCTURE_OFFERS: readonly Offer<StructureFormat>[] = [
  { type: 'application/vnd.sdmx.structure+xml', version: '2.1', format: 'xml', contentType: STRUCTURE_XML },
  { type: 'application/xml', format: 'xml', contentType: STRUCTURE_XML },
  { type: 'text/xml', format: 'xml', contentType: STRUCTURE_XML },
  { type: 'application/vnd.sdmx.structure+json', version: '1.0.0', format: 'json', contentType: STRUCTURE_JSON },
  { type: 'application/json', format: 'json', contentType: STRUCTURE_JSON },
];

export const DATA_MEDIA_TYPES = DATA_OFFERS.map((offer) => offer.type);
export const STRUCTURE_MEDIA_TYPES = STRUCTURE_OFFERS.map((offer) => offer.type);

export function dataFormatFor(accept: string | undefined): Offer<DataFormat> {
  return choose(accept, DATA_OFFERS);
}

export function structureFormatFor(accept: string | undefined): Offer<StructureFormat> {
  return choose(accept, STRUCTURE_OFFERS);
}

/**
 * The offer the Accept header prefers, or 406. A range naming an SDMX type with a version this
 * service does not write (SDMX-JSON 2.0.0, say) is dropped before negotiating, so the client gets
 * the version it can read or a 406 — never a message it would misparse.
 */
function choose<F>(accept: string | undefined, offers: readonly Offer<F>[]): Offer<F> {
  const usable = accept === undefined || accept.trim() === '' ? undefined : usableRanges(accept, offers);
  const type = negotiate(
    usable,
    offers.map((offer) => offer.type),
  );
  const offer = offers.find((candidate) => candidate.type === type);
  if (usable === '' || offer === undefined) {
    const versioned = offers.filter((candidate) => candidate.version !== undefined);
    throw platformProblem(
      'not-acceptable',
      `Served as ${versioned.map((candidate) => `${candidate.type};version=${candidate.version}`).join(', ')} (or ${offers
        .filter((candidate) => candidate.version === undefined)
        .map((candidate) => candidate.type)
        .join(', ')}).`,
    );
  }
  return offer;
}

function usableRanges<F>(accept: string, offers: readonly Offer<F>[]): string {
  return accept
    .split(',')
    .filter((range) => {
      const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
      const version = parameters.find((parameter) => parameter.startsWith('version='))?.slice('version='.length);
      const offer = offers.find((candidate) => candidate.type === type);
      return version === undefined || offer?.version === undefined || offer.version === version.replace(/"/g, '');
    })
    .join(',');
}
