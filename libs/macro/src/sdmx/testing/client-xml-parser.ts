import { XMLParser } from 'fast-xml-parser';

/** Parses SDMX-ML as a client would: entities and character references decoded, the named elements always as arrays. */
export function clientXmlParser(repeated: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => repeated.has(name),
  });
}
