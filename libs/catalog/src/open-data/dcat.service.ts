import { Injectable } from '@nestjs/common';
import type { Quad } from 'n3';
import type { OpenEntryCondition } from './open-entry.repository';
import { dcatGraph, type HydraView } from './dcat-graph';
import { DCAT_PAGE_SIZE, type DcatQueryDto } from './dcat-query.dto';
import { OpenDataIris } from './open-data-iris';
import { OpenEntriesService } from './open-entries.service';
import { parseTimestamp } from './timestamp';

/**
 * The DCAT-AP 3 catalog, one page at a time. Pages are by offset over the resource code, which
 * never changes, so a harvester following hydra:next sees each entry once unless the catalog
 * changes while it pages; an entry published meanwhile is picked up by the next modified_since run.
 */
@Injectable()
export class DcatService {
  constructor(
    private readonly entries: OpenEntriesService,
    private readonly iris: OpenDataIris,
  ) {}

  async page(query: DcatQueryDto): Promise<Quad[]> {
    const page = query.page ?? 1;
    const size = query.page_size ?? DCAT_PAGE_SIZE;
    const since = query.modified_since === undefined ? undefined : parseTimestamp(query.modified_since);
    const where: OpenEntryCondition = since
      ? { op: 'range', field: 'modified', from: { at: since, inclusive: true }, to: null }
      : { op: 'all' };
    const [total, entries] = await Promise.all([
      this.entries.count(where),
      this.entries.find({ where, sort: [{ key: 'code', order: 'asc' }], offset: (page - 1) * size, limit: size }),
    ]);
    const last = Math.max(1, Math.ceil(total / size));
    const url = (n: number) => this.pageUrl(n, query);
    const view: HydraView = {
      self: url(page),
      first: url(1),
      last: url(last),
      next: page < last ? url(page + 1) : null,
      previous: page > 1 ? url(Math.min(page - 1, last)) : null,
      totalItems: total,
      itemsPerPage: size,
    };
    return dcatGraph(this.iris, entries, view);
  }

  /** The same query at another page: links keep the harvester's filter and page size. */
  private pageUrl(page: number, query: DcatQueryDto): string {
    const parameters = new URLSearchParams();
    if (query.modified_since !== undefined) parameters.set('modified_since', query.modified_since);
    if (query.page_size !== undefined) parameters.set('page_size', String(query.page_size));
    parameters.set('page', String(page));
    return `${this.iris.catalog}?${parameters.toString()}`;
  }
}
