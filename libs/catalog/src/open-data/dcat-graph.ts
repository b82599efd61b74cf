import { DataFactory, Store, type Quad } from 'n3';
import { classificationCode } from '../resources/resource-rules';
import { CATEGORY_DIGIT, type Classification } from '../resources/resource';
import {
  ACCESS_RIGHTS,
  CATALOG_DESCRIPTION,
  CATALOG_PUBLISHER,
  CATALOG_TITLE,
  CATEGORY_LABELS,
  CLASSIFICATION_SCHEME_TITLE,
  FORMAT_LABELS,
  FREQUENCIES,
  JSON_FILE_TYPE,
  LANGUAGE,
  term,
} from './dcat-vocabulary';
import type { OpenDataIris } from './open-data-iris';
import type { OpenEntry } from './open-entry';

/** Hydra paging of the catalog, as ckanext-dcat's RDF harvester follows it (hydra:next). */
export interface HydraView {
  readonly self: string;
  readonly first: string;
  readonly last: string;
  readonly next: string | null;
  readonly previous: string | null;
  readonly totalItems: number;
  readonly itemsPerPage: number;
}

const RDF_TYPE = term('rdf', 'type');

/**
 * One page of the catalog as a DCAT-AP 3 graph: the catalog, the page's datasets with their
 * publishers, themes and distributions, and the Hydra view. Every node has an IRI (fragments of the
 * catalog or dataset IRI), so the Turtle and JSON-LD forms are the same triples with no blank
 * nodes to match up. Objects constrained by class in DCAT-AP (frequencies, access rights, formats)
 * are typed here, because SHACL checks the type asserted in the data and infers none.
 */
export function dcatGraph(iris: OpenDataIris, entries: readonly OpenEntry[], view: HydraView): Quad[] {
  const graph = new Graph();
  const catalog = iris.catalog;
  const scheme = iris.inCatalog('classification');
  graph.type(catalog, 'dcat', 'Catalog');
  graph.text(catalog, term('dct', 'title'), CATALOG_TITLE);
  graph.text(catalog, term('dct', 'description'), CATALOG_DESCRIPTION);
  graph.link(catalog, term('dct', 'publisher'), agent(graph, iris.inCatalog('publisher'), CATALOG_PUBLISHER));
  graph.link(catalog, term('dcat', 'themeTaxonomy'), scheme);
  graph.type(scheme, 'skos', 'ConceptScheme');
  graph.text(scheme, term('dct', 'title'), CLASSIFICATION_SCHEME_TITLE);
  for (const entry of entries) {
    const dataset = iris.dataset(entry.code);
    graph.link(catalog, term('dcat', 'dataset'), dataset);
    describeDataset(graph, iris, entry, scheme);
    if (entry.metadata.sharing.methods.includes('api')) graph.link(catalog, term('dcat', 'service'), `${dataset}#service`);
  }
  describeView(graph, view);
  return graph.quads();
}

function describeDataset(graph: Graph, iris: OpenDataIris, entry: OpenEntry, scheme: string): void {
  const { metadata } = entry;
  const dataset = iris.dataset(entry.code);
  graph.type(dataset, 'dcat', 'Dataset');
  graph.text(dataset, term('dct', 'title'), metadata.name);
  graph.text(dataset, term('dct', 'description'), metadata.summary);
  graph.plain(dataset, term('dct', 'identifier'), entry.code);
  graph.plain(dataset, term('dcat', 'version'), String(entry.version));
  graph.dateTime(dataset, term('dct', 'issued'), entry.issued);
  graph.dateTime(dataset, term('dct', 'modified'), entry.modified);
  for (const keyword of metadata.keywords) graph.text(dataset, term('dcat', 'keyword'), keyword);
  for (const code of entry.related) graph.link(dataset, term('dct', 'relation'), iris.dataset(code));

  const publisher = agent(graph, iris.inCatalog(`agency-${entry.provider.code}`), entry.provider.name);
  const identifier = `${publisher}-uscc`;
  graph.link(publisher, term('adms', 'identifier'), identifier);
  graph.type(identifier, 'adms', 'Identifier');
  graph.plain(identifier, term('skos', 'notation'), entry.provider.code);
  graph.link(dataset, term('dct', 'publisher'), publisher);

  graph.link(dataset, term('dcat', 'theme'), theme(graph, iris, metadata.classification, scheme));
  const frequency = FREQUENCIES[metadata.updateCycle];
  graph.link(dataset, term('dct', 'accrualPeriodicity'), frequency);
  graph.type(frequency, 'dct', 'Frequency');
  const rights = ACCESS_RIGHTS[metadata.sharing.type];
  graph.link(dataset, term('dct', 'accessRights'), rights);
  graph.type(rights, 'dct', 'RightsStatement');

  // 共享方式: an API is a data service behind a distribution; a bulk file is a plain distribution.
  // Event subscriptions go only to government consumers, so the public catalog does not list them.
  if (metadata.sharing.methods.includes('api')) {
    const distribution = `${dataset}#api`;
    const service = `${dataset}#service`;
    graph.link(dataset, term('dcat', 'distribution'), distribution);
    graph.type(distribution, 'dcat', 'Distribution');
    graph.text(distribution, term('dct', 'title'), `${metadata.name}（接口）`);
    graph.link(distribution, term('dcat', 'accessURL'), dataset);
    graph.link(distribution, term('dcat', 'accessService'), service);
    graph.link(distribution, term('dct', 'format'), JSON_FILE_TYPE);
    graph.type(JSON_FILE_TYPE, 'dct', 'MediaTypeOrExtent');
    graph.type(service, 'dcat', 'DataService');
    graph.text(service, term('dct', 'title'), `${metadata.name}（接口服务）`);
    graph.link(service, term('dcat', 'endpointURL'), dataset);
    // DCAT-AP's ranges give endpointURL the class rdfs:Resource, and SHACL infers no types.
    graph.type(dataset, 'rdfs', 'Resource');
    graph.link(service, term('dcat', 'servesDataset'), dataset);
  }
  if (metadata.sharing.methods.includes('file')) {
    const distribution = `${dataset}#file`;
    const format = iris.inCatalog(`format-${metadata.format}`);
    graph.link(dataset, term('dcat', 'distribution'), distribution);
    graph.type(distribution, 'dcat', 'Distribution');
    graph.text(distribution, term('dct', 'title'), `${metadata.name}（批量文件）`);
    graph.link(distribution, term('dcat', 'accessURL'), dataset);
    graph.link(distribution, term('dct', 'format'), format);
    graph.type(format, 'dct', 'MediaTypeOrExtent');
    graph.text(format, term('rdfs', 'label'), FORMAT_LABELS[metadata.format]);
  }
}

/** 类 → 项 → 目/细目 as a concept hierarchy; the dataset's theme is its most specific concept. */
function theme(graph: Graph, iris: OpenDataIris, classification: Classification, scheme: string): string {
  const categoryCode = CATEGORY_DIGIT[classification.category];
  const itemCode = `${categoryCode}${classification.item}`;
  const code = classificationCode(classification);
  const labels = classification.labels;
  const category = concept(graph, iris, scheme, categoryCode, CATEGORY_LABELS[classification.category]);
  graph.link(category, term('skos', 'topConceptOf'), scheme);
  const item = concept(graph, iris, scheme, itemCode, labels.item);
  graph.link(item, term('skos', 'broader'), category);
  const leaf = concept(graph, iris, scheme, code, labels.detail ?? labels.group ?? `${labels.item} ${code}`);
  graph.link(leaf, term('skos', 'broader'), item);
  return leaf;
}

function concept(graph: Graph, iris: OpenDataIris, scheme: string, code: string, label: string): string {
  const node = iris.inCatalog(`class-${code}`);
  graph.type(node, 'skos', 'Concept');
  graph.text(node, term('skos', 'prefLabel'), label);
  graph.plain(node, term('skos', 'notation'), code);
  graph.link(node, term('skos', 'inScheme'), scheme);
  return node;
}

function agent(graph: Graph, node: string, name: string): string {
  graph.type(node, 'foaf', 'Agent');
  graph.text(node, term('foaf', 'name'), name);
  return node;
}

function describeView(graph: Graph, view: HydraView): void {
  graph.type(view.self, 'hydra', 'PartialCollectionView');
  graph.integer(view.self, term('hydra', 'totalItems'), view.totalItems);
  graph.integer(view.self, term('hydra', 'itemsPerPage'), view.itemsPerPage);
  graph.link(view.self, term('hydra', 'first'), view.first);
  graph.link(view.self, term('hydra', 'last'), view.last);
  if (view.next) graph.link(view.self, term('hydra', 'next'), view.next);
  if (view.previous) graph.link(view.self, term('hydra', 'previous'), view.previous);
}

/** A set of triples (a store, so a concept or agent shared by many datasets is stated once). */
class Graph {
  private readonly store = new Store();

  type(subject: string, prefix: 'rdfs' | 'dcat' | 'dct' | 'foaf' | 'adms' | 'skos' | 'hydra', local: string): void {
    this.link(subject, RDF_TYPE, term(prefix, local));
  }

  link(subject: string, predicate: string, object: string): void {
    this.add(subject, predicate, DataFactory.namedNode(object));
  }

  text(subject: string, predicate: string, value: string): void {
    this.add(subject, predicate, DataFactory.literal(value, LANGUAGE));
  }

  plain(subject: string, predicate: string, value: string): void {
    this.add(subject, predicate, DataFactory.literal(value));
  }

  dateTime(subject: string, predicate: string, value: Date): void {
    this.add(subject, predicate, DataFactory.literal(value.toISOString(), DataFactory.namedNode(term('xsd', 'dateTime'))));
  }

  integer(subject: string, predicate: string, value: number): void {
    this.add(subject, predicate, DataFactory.literal(String(value), DataFactory.namedNode(term('xsd', 'integer'))));
  }

  quads(): Quad[] {
    return this.store.getQuads(null, null, null, null);
  }

  private add(subject: string, predicate: string, object: Quad['object']): void {
    this.store.addQuad(DataFactory.quad(DataFactory.namedNode(subject), DataFactory.namedNode(predicate), object));
  }
}
