/** What the SDMX-ML 2.1 messages share: namespaces, the header, references. */
import { create } from 'xmlbuilder2';
import type { ArtefactRef, MessageHeader } from './sdmx-model';

export type XmlElement = ReturnType<typeof create>;

export const SDMX_NAMESPACES = {
  message: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  common: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
  generic: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic',
  structure: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure',
} as const;

export type SdmxPrefix = keyof typeof SDMX_NAMESPACES;

type Attributes = Record<string, string>;

/**
 * xmlbuilder2 4.0.3 leaves an `&` that already looks like a reference (`&amp;`, `&#20013;`) as it
 * is (oozcitak/xmlbuilder2#117), so the text "R&amp;D" would reach a client as "R&D". Escaping every
 * `&` first makes each one look like `&amp;`, which xmlbuilder2 then keeps. A CR is written as a
 * character reference because XML end-of-line handling would drop it.
 */
function escapeForText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('\r', '&#13;');
}

/** Attribute-value normalisation turns a literal line break or tab into a space: write them as references. */
function escapeForAttribute(value: string): string {
  return escapeForText(value).replaceAll('\n', '&#10;').replaceAll('\t', '&#9;');
}

function escapedAttributes(attributes: Attributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, escapeForAttribute(value)]));
}

/** `prefix:name` in that prefix's SDMX namespace. */
export function sdmxElement(parent: XmlElement, prefix: SdmxPrefix, name: string, attributes?: Attributes): XmlElement {
  return parent.ele(SDMX_NAMESPACES[prefix], `${prefix}:${name}`, escapedAttributes(attributes));
}

/** `prefix:name` holding text (every text in these messages goes through here, see `escapeForText`). */
export function sdmxTextElement(
  parent: XmlElement,
  prefix: SdmxPrefix,
  name: string,
  text: string,
  attributes?: Attributes,
): void {
  sdmxElement(parent, prefix, name, attributes).txt(escapeForText(text));
}

/** A new document whose root declares the given prefixes once, so children do not repeat them. */
export function sdmxDocument(rootName: string, prefixes: readonly SdmxPrefix[]): { document: XmlElement; root: XmlElement } {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const declarations = Object.fromEntries(prefixes.map((prefix) => [`xmlns:${prefix}`, SDMX_NAMESPACES[prefix]]));
  const root = sdmxElement(document, 'message', rootName, declarations);
  return { document, root };
}

/** `message:Header` up to the sender; a data message adds its `message:Structure` after it. */
export function sdmxHeader(root: XmlElement, header: MessageHeader): XmlElement {
  const element = sdmxElement(root, 'message', 'Header');
  sdmxTextElement(element, 'message', 'ID', header.id);
  sdmxTextElement(element, 'message', 'Test', 'false');
  sdmxTextElement(element, 'message', 'Prepared', header.prepared.toISOString());
  sdmxElement(element, 'message', 'Sender', { id: header.senderId });
  return element;
}

/**
 * SDMX 2.1 reference elements (`Ref`, `URN`) are unqualified: they belong to no namespace,
 * whatever element holds them.
 */
export function ref(parent: XmlElement, attributes: Attributes): XmlElement {
  return parent.ele(null, 'Ref', escapedAttributes(attributes));
}

/** A `Ref` to a maintainable artefact; class and package are spelled out for clients that apply no XSD defaults. */
export function maintainableRef(parent: XmlElement, artefact: ArtefactRef, pkg: string, cls: string): void {
  ref(parent, { agencyID: artefact.agencyId, id: artefact.id, version: artefact.version, package: pkg, class: cls });
}

export function serialise(document: XmlElement): string {
  return document.end({ prettyPrint: true });
}
