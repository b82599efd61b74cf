/**
 * The IRIs of the open-data views, all under the gateway's public base URL, so that a dataset has
 * the same IRI in DCAT, in CKAN's `extras.uri`, and as the address of its catalog entry.
 */
export class OpenDataIris {
  constructor(readonly base: string) {}

  /** The catalog and its first page: what harvesters are pointed at. */
  get catalog(): string {
    return `${this.base}/catalog/dcat`;
  }

  /** What a resource code is appended to for its dataset IRI. */
  get datasetPrefix(): string {
    return `${this.base}/catalog/resources/`;
  }

  dataset(code: string): string {
    return `${this.datasetPrefix}${code}`;
  }

  /** Nodes described only in the catalog document hang off it as fragments. */
  inCatalog(fragment: string): string {
    return `${this.catalog}#${fragment}`;
  }

  ckanAction(action: string): string {
    return `${this.base}/api/3/action/${action}`;
  }
}
