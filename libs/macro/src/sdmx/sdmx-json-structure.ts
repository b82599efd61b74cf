/**
 * SDMX-JSON structure message 1.0 (`application/vnd.sdmx.structure+json;version=1.0.0`), laid out
 * as the structure-message field guide and the SDMX-JSON 1.0 services that follow it: artefacts
 * name each other by URN, `name` is in the header's language and `names` carries both.
 */
import { jsonMeta } from './sdmx-json-meta';
import { attributeDependsOn } from './sdmx-layout';
import type {
  ArtefactRef,
  AttributeDef,
  Code,
  Codelist,
  Concept,
  ConceptScheme,
  Dataflow,
  DataStructure,
  DimensionDef,
  LocalisedText,
  MessageHeader,
  StructureSet,
} from './sdmx-model';
import { urnOf } from './sdmx-model';
import { componentUrn, DESCRIPTOR_IDS, itemUrn } from './sdmx-urn';

export const SDMX_JSON_STRUCTURE_MEDIA_TYPE = 'application/vnd.sdmx.structure+json;version=1.0.0';

type Language = 'en' | 'zh';
type MaintainableKind = Parameters<typeof urnOf>[0];

interface Described {
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
}

export function renderSdmxJsonStructure(set: StructureSet, header: MessageHeader): object {
  const language = header.language;
  const other: Language = language === 'en' ? 'zh' : 'en';
  return {
    meta: jsonMeta(header, [language, other]),
    data: {
      dataflows: set.dataflows.map((dataflow) => jsonDataflow(dataflow, language)),
      dataStructures: set.dataStructures.map((structure) => jsonDataStructure(structure, language)),
      codelists: set.codelists.map((codelist) => jsonCodelist(codelist, language)),
      conceptSchemes: set.conceptSchemes.map((scheme) => jsonConceptScheme(scheme, language)),
    },
  };
}

function texts(described: Described, language: Language): object {
  const { name, description } = described;
  const names = { name: name[language], names: { en: name.en, zh: name.zh } };
  if (!description) return names;
  return { ...names, description: description[language], descriptions: { en: description.en, zh: description.zh } };
}

/** Hutong publishes only released definitions, so every artefact it serves is final. */
function maintainable(kind: MaintainableKind, artefact: ArtefactRef & Described, language: Language): object {
  const { id, agencyId, version } = artefact;
  return { id, version, agencyID: agencyId, urn: urnOf(kind, artefact), isFinal: true, ...texts(artefact, language) };
}

function jsonDataflow(dataflow: Dataflow, language: Language): object {
  return { ...maintainable('Dataflow', dataflow, language), structure: urnOf('DataStructure', dataflow.structure) };
}

function jsonCodelist(codelist: Codelist, language: Language): object {
  const code = (c: Code): object => ({
    id: c.id,
    urn: itemUrn('Code', codelist, c.id),
    ...texts(c, language),
    ...(c.parentId === undefined ? {} : { parent: c.parentId }),
  });
  return { ...maintainable('Codelist', codelist, language), isPartial: false, codes: codelist.codes.map(code) };
}

function jsonConceptScheme(scheme: ConceptScheme, language: Language): object {
  const concept = (c: Concept): object => ({ id: c.id, urn: itemUrn('Concept', scheme, c.id), ...texts(c, language) });
  return { ...maintainable('ConceptScheme', scheme, language), isPartial: false, concepts: scheme.concepts.map(concept) };
}

function jsonDataStructure(structure: DataStructure, language: Language): object {
  return { ...maintainable('DataStructure', structure, language), dataStructureComponents: components(structure) };
}

function components(structure: DataStructure): object {
  const concept = (conceptId: string): string => itemUrn('Concept', structure.conceptScheme, conceptId);
  const dimensions = [...structure.dimensions].sort((a, b) => a.position - b.position);
  const { timeDimension, primaryMeasure } = structure;
  const dimension = (d: DimensionDef): object => ({
    id: d.id,
    urn: componentUrn('Dimension', structure, d.id),
    position: d.position,
    type: 'Dimension',
    conceptIdentity: concept(d.conceptId),
    localRepresentation: { enumeration: urnOf('Codelist', d.codelist) },
  });
  return {
    dimensionList: {
      id: DESCRIPTOR_IDS.dimensions,
      urn: componentUrn('DimensionDescriptor', structure, DESCRIPTOR_IDS.dimensions),
      dimensions: dimensions.map(dimension),
      timeDimensions: [
        {
          id: timeDimension.id,
          urn: componentUrn('TimeDimension', structure, timeDimension.id),
          position: dimensions.length + 1,
          type: 'TimeDimension',
          conceptIdentity: concept(timeDimension.conceptId),
          localRepresentation: { textFormat: { textType: 'ObservationalTimePeriod' } },
        },
      ],
    },
    attributeList: {
      id: DESCRIPTOR_IDS.attributes,
      urn: componentUrn('AttributeDescriptor', structure, DESCRIPTOR_IDS.attributes),
      attributes: structure.attributes.map((a) => jsonAttribute(structure, a, concept(a.conceptId))),
    },
    measureList: {
      id: DESCRIPTOR_IDS.measures,
      urn: componentUrn('MeasureDescriptor', structure, DESCRIPTOR_IDS.measures),
      primaryMeasure: {
        id: primaryMeasure.id,
        urn: componentUrn('PrimaryMeasure', structure, primaryMeasure.id),
        conceptIdentity: concept(primaryMeasure.conceptId),
        localRepresentation: { textFormat: { textType: 'Double' } },
      },
    },
  };
}

function jsonAttribute(structure: DataStructure, attribute: AttributeDef, conceptIdentity: string): object {
  return {
    id: attribute.id,
    urn: componentUrn('DataAttribute', structure, attribute.id),
    assignmentStatus: attribute.mandatory ? 'Mandatory' : 'Conditional',
    attributeRelationship: attributeDependsOn(structure, attribute),
    conceptIdentity,
    localRepresentation: attribute.codelist
      ? { enumeration: urnOf('Codelist', attribute.codelist) }
      : { textFormat: { textType: 'String' } },
  };
}
