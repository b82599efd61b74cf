import { describe, expect, it } from 'vitest';
import { clientXmlParser } from './testing/client-xml-parser';
import { sdmxRendering, sdmxStructureFixture } from './testing/sdmx-fixture';
import { renderStructureXml } from './sdmx-ml';
import type { StructureSet } from './sdmx-model';

const REPEATED = new Set([
  'structure:Dataflow',
  'structure:Codelist',
  'structure:Code',
  'structure:ConceptScheme',
  'structure:Concept',
  'structure:DataStructure',
  'structure:Dimension',
  'structure:Attribute',
  'common:Name',
  'common:Description',
]);

const parser = clientXmlParser(REPEATED);

function render(set: StructureSet = sdmxStructureFixture()) {
  const xml = renderStructureXml(set, sdmxRendering().header);
  return { xml, message: parser.parse(xml)['message:Structure'] };
}

/** `common:Name` (or Description) elements as language → text. */
function texts(elements: { 'xml:lang': string; '#text': string }[]): Record<string, string> {
  return Object.fromEntries(elements.map((e) => [e['xml:lang'], e['#text']]));
}

describe('SDMX-ML 2.1 Structure message', () => {
  const { xml, message } = render();
  const structures = message['message:Structures'];

  it('declares the 2.1 namespaces and has a header', () => {
    expect(message['xmlns:structure']).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure');
    expect(message['xmlns:common']).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common');
    expect(message['message:Header']['message:ID']).toBe('IREF000042');
    expect(message['message:Header']['message:Sender']).toEqual({ id: 'HUTONG' });
  });

  it('lists the artefacts in the order the 2.1 schema prescribes', () => {
    expect(Object.keys(structures)).toEqual([
      'structure:Dataflows',
      'structure:Codelists',
      'structure:Concepts',
      'structure:DataStructures',
    ]);
  });

  it('identifies every maintainable artefact by urn, agency, id, version and isFinal, named in en and zh', () => {
    const [dataflow] = structures['structure:Dataflows']['structure:Dataflow'];
    expect(dataflow).toMatchObject({
      id: 'DF_CITY_MACRO',
      urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=HUTONG:DF_CITY_MACRO(1.0)',
      agencyID: 'HUTONG',
      version: '1.0',
      isFinal: 'true',
    });
    expect(texts(dataflow['common:Name'])).toEqual({ en: 'City macro-economic indicators', zh: '城市宏观经济指标' });
    expect(dataflow['structure:Structure'].Ref).toEqual({
      id: 'DSD_CITY_MACRO',
      version: '1.0',
      agencyID: 'HUTONG',
      package: 'datastructure',
      class: 'DataStructure',
    });
    const maintainables = [
      ...structures['structure:Codelists']['structure:Codelist'],
      ...structures['structure:Concepts']['structure:ConceptScheme'],
      ...structures['structure:DataStructures']['structure:DataStructure'],
    ];
    for (const artefact of maintainables) {
      expect(artefact.urn).toMatch(
        new RegExp(`^urn:sdmx:org\\.sdmx\\.infomodel\\.[a-z]+\\.[A-Za-z]+=HUTONG:${artefact.id}\\(1\\.0\\)$`),
      );
      expect(artefact).toMatchObject({ agencyID: 'HUTONG', version: '1.0', isFinal: 'true' });
      expect(Object.keys(texts(artefact['common:Name']))).toEqual(['en', 'zh']);
    }
  });

  it('writes codes with their names, descriptions and parents', () => {
    const area = structures['structure:Codelists']['structure:Codelist'].find((c: { id: string }) => c.id === 'CL_AREA');
    expect(texts(area['common:Description'])).toEqual({ en: 'GB/T 2260 codes', zh: 'GB/T 2260 代码' });
    const [beijing, dongcheng] = area['structure:Code'];
    expect(beijing.urn).toBe('urn:sdmx:org.sdmx.infomodel.codelist.Code=HUTONG:CL_AREA(1.0).110000');
    expect(texts(beijing['common:Name'])).toEqual({ en: 'Beijing', zh: '北京市' });
    expect(beijing).not.toHaveProperty('structure:Parent');
    expect(dongcheng['structure:Parent'].Ref).toEqual({ id: '110000' });
  });

  it('writes concepts with their urns', () => {
    const [scheme] = structures['structure:Concepts']['structure:ConceptScheme'];
    const comment = scheme['structure:Concept'].find((c: { id: string }) => c.id === 'OBS_COMMENT');
    expect(comment.urn).toBe('urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=HUTONG:CS_CITY_MACRO(1.0).OBS_COMMENT');
    expect(texts(comment['common:Description'])).toEqual({ en: 'Free text', zh: '自由文本' });
  });

  describe('data structure', () => {
    const [dsd] = structures['structure:DataStructures']['structure:DataStructure'];
    const components = dsd['structure:DataStructureComponents'];
    const dimensionList = components['structure:DimensionList'];
    const attributes = components['structure:AttributeList']['structure:Attribute'];
    const attribute = (id: string) => attributes.find((a: { id: string }) => a.id === id);

    it('lists dimensions by position, then the time dimension', () => {
      expect(dimensionList.id).toBe('DimensionDescriptor');
      expect(dimensionList['structure:Dimension'].map((d: { id: string; position: string }) => [d.id, d.position])).toEqual([
        ['INDICATOR', '1'],
        ['REF_AREA', '2'],
      ]);
      const time = dimensionList['structure:TimeDimension'];
      expect(time).toMatchObject({ id: 'TIME_PERIOD', position: '3' });
      expect(time['structure:LocalRepresentation']['structure:TextFormat'].textType).toBe('ObservationalTimePeriod');
    });

    it('references concepts and codelists with class and package', () => {
      const [indicator] = dimensionList['structure:Dimension'];
      expect(indicator.urn).toBe('urn:sdmx:org.sdmx.infomodel.datastructure.Dimension=HUTONG:DSD_CITY_MACRO(1.0).INDICATOR');
      expect(indicator['structure:ConceptIdentity'].Ref).toEqual({
        id: 'INDICATOR',
        maintainableParentID: 'CS_CITY_MACRO',
        maintainableParentVersion: '1.0',
        agencyID: 'HUTONG',
        package: 'conceptscheme',
        class: 'Concept',
      });
      expect(indicator['structure:LocalRepresentation']['structure:Enumeration'].Ref).toEqual({
        id: 'CL_INDICATOR',
        version: '1.0',
        agencyID: 'HUTONG',
        package: 'codelist',
        class: 'Codelist',
      });
    });

    it('relates series attributes to the key dimensions and observation attributes to the primary measure', () => {
      const unitMultiplier = attribute('UNIT_MULT');
      expect(unitMultiplier.assignmentStatus).toBe('Mandatory');
      const dimensions = unitMultiplier['structure:AttributeRelationship']['structure:Dimension'];
      expect(dimensions.map((d: { Ref: { id: string } }) => d.Ref.id)).toEqual(['INDICATOR', 'REF_AREA']);
      const comment = attribute('OBS_COMMENT');
      expect(comment.assignmentStatus).toBe('Conditional');
      expect(comment['structure:AttributeRelationship']['structure:PrimaryMeasure'].Ref).toEqual({ id: 'OBS_VALUE' });
      expect(comment['structure:LocalRepresentation']['structure:TextFormat'].textType).toBe('String');
    });

    it('ends with the primary measure', () => {
      expect(Object.keys(components)).toEqual(['structure:DimensionList', 'structure:AttributeList', 'structure:MeasureList']);
      const measure = components['structure:MeasureList']['structure:PrimaryMeasure'];
      expect(measure.id).toBe('OBS_VALUE');
      expect(measure['structure:ConceptIdentity'].Ref.id).toBe('OBS_VALUE');
    });
  });

  it('writes Ref elements in no namespace, as SDMX-ML 2.1 has them', () => {
    expect(xml).toMatch(/<Ref [^>]*id="DSD_CITY_MACRO"/);
    expect(xml).not.toMatch(/<\w+:Ref\b/);
  });

  it('leaves out a kind of artefact the set lacks', () => {
    const { message: dataflowsOnly } = render({
      ...sdmxStructureFixture(),
      dataStructures: [],
      codelists: [],
      conceptSchemes: [],
    });
    expect(Object.keys(dataflowsOnly['message:Structures'])).toEqual(['structure:Dataflows']);
  });

  it('escapes names', () => {
    const set = sdmxStructureFixture();
    const [dataflow] = set.dataflows;
    if (!dataflow) throw new Error('fixture has no dataflow');
    const tricky = { en: 'GDP <R&D> & "more"', zh: 'R&amp;D 研发' };
    const { message: escaped } = render({ ...set, dataflows: [{ ...dataflow, name: tricky }] });
    const [parsed] = escaped['message:Structures']['structure:Dataflows']['structure:Dataflow'];
    expect(texts(parsed['common:Name'])).toEqual(tricky);
  });
});
