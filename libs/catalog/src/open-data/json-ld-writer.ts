import type { Quad } from 'n3';
import { PREFIXES, term } from './dcat-vocabulary';

type JsonLdValue =
  string | { readonly '@id': string } | { readonly '@value': string; readonly '@language'?: string; readonly '@type'?: string };
type JsonLdNode = { '@id': string; '@type'?: string | string[] } & { [property: string]: JsonLdValue | JsonLdValue[] };

export interface JsonLdDocument {
  readonly '@context': Record<string, string>;
  readonly '@graph': readonly JsonLdNode[];
}

const RDF_TYPE = term('rdf', 'type');
const XSD_STRING = term('xsd', 'string');

/**
 * Serialises triples as compact JSON-LD: one node object per subject in a flat `@graph`, keys and
 * types shortened with the same prefixes the Turtle form declares. The context only defines
 * prefixes, so a JSON-LD processor needs nothing remote to turn the document back into the triples.
 */
export function toJsonLd(quads: readonly Quad[]): JsonLdDocument {
  const nodes = new Map<string, JsonLdNode>();
  for (const { subject, predicate, object } of quads) {
    const id = subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value;
    let node = nodes.get(id);
    if (!node) {
      node = { '@id': id };
      nodes.set(id, node);
    }
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') {
      node['@type'] = [...[node['@type'] ?? []].flat(), compact(object.value)];
      continue;
    }
    const key = compact(predicate.value);
    const value = valueOf(object);
    const existing = node[key];
    node[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return { '@context': { ...PREFIXES }, '@graph': [...nodes.values()] };
}

function valueOf(object: Quad['object']): JsonLdValue {
  switch (object.termType) {
    case 'NamedNode':
      return { '@id': object.value };
    case 'BlankNode':
      return { '@id': `_:${object.value}` };
    case 'Literal':
      if (object.language) return { '@value': object.value, '@language': object.language };
      if (object.datatype.value === XSD_STRING) return object.value;
      return { '@value': object.value, '@type': compact(object.datatype.value) };
    default:
      throw new Error(`a DCAT graph has no ${object.termType} objects`);
  }
}

function compact(iri: string): string {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    const local = iri.slice(namespace.length);
    if (iri.startsWith(namespace) && /^[A-Za-z][A-Za-z0-9_-]*$/.test(local)) return `${prefix}:${local}`;
  }
  return iri;
}
