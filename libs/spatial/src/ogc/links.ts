import type { FastifyRequest } from 'fastify';
import type { Link } from '../features/feature-views';

/**
 * Where the OGC API is, as this client reached it: scheme and host of the request (behind a proxy,
 * the forwarded ones when HTTP_TRUST_PROXY is set), so `self` and `next` links work from
 * wherever QGIS or GDAL connected.
 */
export function ogcBaseOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/ogc`;
}

/** self / next / prev links of an items page: the request's own parameters with another offset. */
export function pageLinks(
  request: FastifyRequest,
  path: string,
  page: { offset: number; limit: number; returned: number; matched: number },
): Link[] {
  const url = new URL(`${ogcBaseOf(request)}${path}`);
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  const at = (offset: number) => {
    const next = new URLSearchParams(query);
    next.set('offset', String(offset));
    next.set('limit', String(page.limit));
    return `${url.toString()}?${next.toString()}`;
  };
  const self = query.toString() === '' ? url.toString() : `${url.toString()}?${query.toString()}`;
  const links: Link[] = [{ href: self, rel: 'self', type: 'application/geo+json', title: 'this page' }];
  if (page.offset + page.returned < page.matched) {
    links.push({ href: at(page.offset + page.limit), rel: 'next', type: 'application/geo+json', title: 'next page' });
  }
  if (page.offset > 0) {
    links.push({
      href: at(Math.max(0, page.offset - page.limit)),
      rel: 'prev',
      type: 'application/geo+json',
      title: 'previous page',
    });
  }
  return links;
}
