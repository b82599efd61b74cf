/**
 * SDMX-ML 2.1 Structure message (`application/vnd.sdmx.structure+xml;version=2.1`). Element order
 * follows the 2.1 schemas (SDMXStructure*.xsd), which are sequences: Dataflows, Codelists, Concepts,
 * DataStructures; inside an artefact Name, Description, then its content.
 */
import { attributeDependsOn } from './sdmx-layout';
import {
  maintainableRef,
  ref,
  sdmxDocument,
  sdmxElement,
  sdmxHeader,
  sdmxTextElement,
  serialise,
  type XmlElement,
} from './sdmx-ml-common';
import type {
  ArtefactRef,
  AttributeDef,
  Codelist,
  ConceptScheme,
  Dataflow,
  DataStructure,
  LocalisedText,
  MessageHeader,
  StructureSet,
} from './sdmx-model';
import { urnOf } from './sdmx-model';
import { componentUrn, DESCRIPTOR_IDS, itemUrn } from './sdmx-urn';

export const SDMX_ML_STRUCTURE_MEDIA_TYPE = 'application/vnd.sdmx.structure+xml;version=2.1';

type MaintainableKind = Parameters<typeof urnOf>[0];

interface Described {
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
}

export function renderStructureXml(set: StructureSet, header: MessageHeader): string {
  const { document, root } = sdmxDocument('Structure', ['message', 'common', 'structure']);
  sdmxHeader(root, header);
  const structures = sdmxElement(root, 'message', 'Structures');
  writeList(structures, 'Dataflows', set.dataflows, writeDataflow);
  writeList(structures, 'Codelists', set.codelists, writeCodelist);
  writeList(structures, 'Concepts', set.conceptSchemes, writeConceptScheme);
  writeList(structures, 'DataStructures', set.dataStructures, writeDataStructure);
  return serialise(document);
}

/** The 2.1 schema wants no empty lists: a kind of artefact the set lacks is left out. */
function writeList<T>(parent: XmlElement, name: string, items: readonly T[], write: (parent: XmlElement, item: T) => void): void {
  if (items.length === 0) return;
  const list = sdmxElement(parent, 'structure', name);
  for (const item of items) write(list, item);
}

function writeTexts(element: XmlElement, described: Described): void {
  const { name, description } = described;
  for (const language of ['en', 'zh'] as const) {
    sdmxTextElement(element, 'common', 'Name', name[language], { 'xml:lang': language });
  }
  if (!description) return;
  for (const language of ['en', 'zh'] as const) {
    sdmxTextElement(element, 'common', 'Description', description[language], { 'xml:lang': language });
  }
}

/** Hutong publishes only released definitions, so every artefact it serves is final. */
function writeMaintainable(
  parent: XmlElement,
  elementName: string,
  kind: MaintainableKind,
  artefact: ArtefactRef & Described,
): XmlElement {
  const element = sdmxElement(parent, 'structure', elementName, {
    id: artefact.id,
    urn: urnOf(kind, artefact),
    agencyID: artefact.agencyId,
    version: artefact.version,
    isFinal: 'true',
  });
  writeTexts(element, artefact);
  return element;
}

function writeDataflow(parent: XmlElement, dataflow: Dataflow): void {
  const element = writeMaintainable(parent, 'Dataflow', 'Dataflow', dataflow);
  maintainableRef(sdmxElement(element, 'structure', 'Structure'), dataflow.structure, 'datastructure', 'DataStructure');
}

function writeCodelist(parent: XmlElement, codelist: Codelist): void {
  const element = writeMaintainable(parent, 'Codelist', 'Codelist', codelist);
  for (const code of codelist.codes) {
    const item = sdmxElement(element, 'structure', 'Code', { id: code.id, urn: itemUrn('Code', codelist, code.id) });
    writeTexts(item, code);
    if (code.parentId !== undefined) ref(sdmxElement(item, 'structure', 'Parent'), { id: code.parentId });
  }
}

function writeConceptScheme(parent: XmlElement, scheme: ConceptScheme): void {
  const element = writeMaintainable(parent, 'ConceptScheme', 'ConceptScheme', scheme);
  for (const concept of scheme.concepts) {
    const item = sdmxElement(element, 'structure', 'Concept', { id: concept.id, urn: itemUrn('Concept', scheme, concept.id) });
    writeTexts(item, concept);
  }
}

function writeConceptIdentity(component: XmlElement, structure: DataStructure, conceptId: string): void {
  const scheme = structure.conceptScheme;
  ref(sdmxElement(component, 'structure', 'ConceptIdentity'), {
    id: conceptId,
    maintainableParentID: scheme.id,
    maintainableParentVersion: scheme.version,
    agencyID: scheme.agencyId,
    package: 'conceptscheme',
    class: 'Concept',
  });
}

function writeRepresentation(component: XmlElement, codelist: ArtefactRef | undefined, textType: string): void {
  const representation = sdmxElement(component, 'structure', 'LocalRepresentation');
  if (codelist) maintainableRef(sdmxElement(representation, 'structure', 'Enumeration'), codelist, 'codelist', 'Codelist');
  else sdmxElement(representation, 'structure', 'TextFormat', { textType });
}

function descriptor(
  parent: XmlElement,
  structure: DataStructure,
  name: string,
  descriptorId: string,
  cls: 'DimensionDescriptor' | 'AttributeDescriptor' | 'MeasureDescriptor',
): XmlElement {
  return sdmxElement(parent, 'structure', name, { id: descriptorId, urn: componentUrn(cls, structure, descriptorId) });
}

function writeDataStructure(parent: XmlElement, structure: DataStructure): void {
  const element = writeMaintainable(parent, 'DataStructure', 'DataStructure', structure);
  const components = sdmxElement(element, 'structure', 'DataStructureComponents');
  const dimensionList = descriptor(components, structure, 'DimensionList', DESCRIPTOR_IDS.dimensions, 'DimensionDescriptor');
  const dimensions = [...structure.dimensions].sort((a, b) => a.position - b.position);
  for (const dimension of dimensions) {
    const item = sdmxElement(dimensionList, 'structure', 'Dimension', {
      id: dimension.id,
      urn: componentUrn('Dimension', structure, dimension.id),
      position: String(dimension.position),
    });
    writeConceptIdentity(item, structure, dimension.conceptId);
    writeRepresentation(item, dimension.codelist, 'String');
  }
  const { timeDimension, primaryMeasure } = structure;
  const time = sdmxElement(dimensionList, 'structure', 'TimeDimension', {
    id: timeDimension.id,
    urn: componentUrn('TimeDimension', structure, timeDimension.id),
    position: String(dimensions.length + 1),
  });
  writeConceptIdentity(time, structure, timeDimension.conceptId);
  writeRepresentation(time, undefined, 'ObservationalTimePeriod');

  if (structure.attributes.length > 0) {
    const attributeList = descriptor(components, structure, 'AttributeList', DESCRIPTOR_IDS.attributes, 'AttributeDescriptor');
    for (const attribute of structure.attributes) writeAttribute(attributeList, structure, attribute);
  }

  const measureList = descriptor(components, structure, 'MeasureList', DESCRIPTOR_IDS.measures, 'MeasureDescriptor');
  const measure = sdmxElement(measureList, 'structure', 'PrimaryMeasure', {
    id: primaryMeasure.id,
    urn: componentUrn('PrimaryMeasure', structure, primaryMeasure.id),
  });
  writeConceptIdentity(measure, structure, primaryMeasure.conceptId);
  writeRepresentation(measure, undefined, 'Double');
}

function writeAttribute(attributeList: XmlElement, structure: DataStructure, attribute: AttributeDef): void {
  const item = sdmxElement(attributeList, 'structure', 'Attribute', {
    id: attribute.id,
    urn: componentUrn('DataAttribute', structure, attribute.id),
    assignmentStatus: attribute.mandatory ? 'Mandatory' : 'Conditional',
  });
  writeConceptIdentity(item, structure, attribute.conceptId);
  writeRepresentation(item, attribute.codelist, 'String');
  const relationship = sdmxElement(item, 'structure', 'AttributeRelationship');
  const dependsOn = attributeDependsOn(structure, attribute);
  if ('primaryMeasure' in dependsOn) {
    ref(sdmxElement(relationship, 'structure', 'PrimaryMeasure'), { id: dependsOn.primaryMeasure });
  } else {
    for (const id of dependsOn.dimensions) ref(sdmxElement(relationship, 'structure', 'Dimension'), { id });
  }
}
