import { describe, expect, it } from 'vitest';
import { sdmxRendering, sdmxStructureFixture } from './testing/sdmx-fixture';
import { renderSdmxJsonStructure } from './sdmx-json';
import type { MessageHeader } from './sdmx-model';

interface Texts {
  name: string;
  names: { en: string; zh: string };
  description?: string;
  descriptions?: { en: string; zh: string };
}

interface Maintainable extends Texts {
  id: string;
  version: string;
  agencyID: string;
  urn: string;
  isFinal: boolean;
}

interface Item extends Texts {
  id: string;
  urn: string;
  parent?: string;
}

interface Component {
  id: string;
  urn: string;
  position?: number;
  type?: string;
  assignmentStatus?: string;
  attributeRelationship?: { dimensions?: string[]; primaryMeasure?: string };
  conceptIdentity: string;
  localRepresentation: { enumeration?: string; textFormat?: { textType: string } };
}

/** What a client of the SDMX-JSON 1.0 structure message reads. */
interface StructureMessage {
  meta: Record<string, unknown>;
  data: {
    dataflows: (Maintainable & { structure: string })[];
    dataStructures: (Maintainable & {
      dataStructureComponents: {
        dimensionList: { id: string; urn: string; dimensions: Component[]; timeDimensions: Component[] };
        attributeList: { id: string; urn: string; attributes: Component[] };
        measureList: { id: string; urn: string; primaryMeasure: Component };
      };
    })[];
    codelists: (Maintainable & { isPartial: boolean; codes: Item[] })[];
    conceptSchemes: (Maintainable & { isPartial: boolean; concepts: Item[] })[];
  };
}

function render(header: MessageHeader = sdmxRendering().header): StructureMessage {
  return renderSdmxJsonStructure(sdmxStructureFixture(), header) as StructureMessage;
}

function only<T>(list: readonly T[], predicate: (item: T) => boolean = () => true): T {
  const found = list.filter(predicate);
  if (found.length !== 1) throw new Error(`expected one match, found ${found.length}`);
  return found[0] as T;
}

describe('SDMX-JSON 1.0 structure message', () => {
  const message = render();
  const { data } = message;

  it('has the meta of SDMX-JSON 1.0, both languages, the asked one first', () => {
    expect(message.meta).toEqual({
      id: 'IREF000042',
      test: false,
      prepared: '2024-05-01T08:00:00.000Z',
      'content-language': ['en', 'zh'],
      sender: { id: 'HUTONG' },
    });
    expect(render({ ...sdmxRendering().header, language: 'zh' }).meta['content-language']).toEqual(['zh', 'en']);
  });

  it('identifies each artefact by id, version, agency and urn, with a name and names in en and zh', () => {
    expect(only(data.dataflows)).toEqual({
      id: 'DF_CITY_MACRO',
      version: '1.0',
      agencyID: 'HUTONG',
      urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=HUTONG:DF_CITY_MACRO(1.0)',
      isFinal: true,
      name: 'City macro-economic indicators',
      names: { en: 'City macro-economic indicators', zh: '城市宏观经济指标' },
      structure: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=HUTONG:DSD_CITY_MACRO(1.0)',
    });
    expect(data.codelists.map((c) => c.id)).toEqual([
      'CL_INDICATOR',
      'CL_AREA',
      'CL_UNIT_MULT',
      'CL_OBS_STATUS',
      'CL_CONF_STATUS',
    ]);
    expect(only(data.conceptSchemes).urn).toBe(
      'urn:sdmx:org.sdmx.infomodel.conceptscheme.ConceptScheme=HUTONG:CS_CITY_MACRO(1.0)',
    );
  });

  it('gives the best-language name in the header language', () => {
    const chinese = render({ ...sdmxRendering().header, language: 'zh' });
    expect(only(chinese.data.dataflows).name).toBe('城市宏观经济指标');
    expect(only(chinese.data.dataflows).names.en).toBe('City macro-economic indicators');
  });

  it('writes codes with urns, descriptions of their list and parents', () => {
    const area = only(data.codelists, (c) => c.id === 'CL_AREA');
    expect(area.isPartial).toBe(false);
    expect(area.descriptions).toEqual({ en: 'GB/T 2260 codes', zh: 'GB/T 2260 代码' });
    expect(area.codes).toEqual([
      {
        id: '110000',
        urn: 'urn:sdmx:org.sdmx.infomodel.codelist.Code=HUTONG:CL_AREA(1.0).110000',
        name: 'Beijing',
        names: { en: 'Beijing', zh: '北京市' },
      },
      {
        id: '110101',
        urn: 'urn:sdmx:org.sdmx.infomodel.codelist.Code=HUTONG:CL_AREA(1.0).110101',
        name: 'Dongcheng District',
        names: { en: 'Dongcheng District', zh: '东城区' },
        parent: '110000',
      },
      {
        id: '310000',
        urn: 'urn:sdmx:org.sdmx.infomodel.codelist.Code=HUTONG:CL_AREA(1.0).310000',
        name: 'Shanghai',
        names: { en: 'Shanghai', zh: '上海市' },
      },
    ]);
  });

  it('writes concepts with urns', () => {
    const comment = only(only(data.conceptSchemes).concepts, (c) => c.id === 'OBS_COMMENT');
    expect(comment.urn).toBe('urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=HUTONG:CS_CITY_MACRO(1.0).OBS_COMMENT');
    expect(comment.description).toBe('Free text');
  });

  describe('data structure', () => {
    const components = only(data.dataStructures).dataStructureComponents;
    const conceptUrn = (id: string) => `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=HUTONG:CS_CITY_MACRO(1.0).${id}`;

    it('lists dimensions by position, with concept and codelist as URNs', () => {
      expect(components.dimensionList.id).toBe('DimensionDescriptor');
      expect(components.dimensionList.dimensions.map((d) => [d.id, d.position])).toEqual([
        ['INDICATOR', 1],
        ['REF_AREA', 2],
      ]);
      expect(components.dimensionList.dimensions[0]).toEqual({
        id: 'INDICATOR',
        urn: 'urn:sdmx:org.sdmx.infomodel.datastructure.Dimension=HUTONG:DSD_CITY_MACRO(1.0).INDICATOR',
        position: 1,
        type: 'Dimension',
        conceptIdentity: conceptUrn('INDICATOR'),
        localRepresentation: { enumeration: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=HUTONG:CL_INDICATOR(1.0)' },
      });
      expect(only(components.dimensionList.timeDimensions)).toMatchObject({
        id: 'TIME_PERIOD',
        position: 3,
        type: 'TimeDimension',
        conceptIdentity: conceptUrn('TIME_PERIOD'),
        localRepresentation: { textFormat: { textType: 'ObservationalTimePeriod' } },
      });
    });

    it('relates attributes to dimensions or the primary measure, coded or free text', () => {
      const attribute = (id: string) => only(components.attributeList.attributes, (a) => a.id === id);
      expect(attribute('UNIT_MULT')).toMatchObject({
        assignmentStatus: 'Mandatory',
        attributeRelationship: { dimensions: ['INDICATOR', 'REF_AREA'] },
        localRepresentation: { enumeration: 'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=HUTONG:CL_UNIT_MULT(1.0)' },
      });
      expect(attribute('OBS_COMMENT')).toMatchObject({
        assignmentStatus: 'Conditional',
        attributeRelationship: { primaryMeasure: 'OBS_VALUE' },
        conceptIdentity: conceptUrn('OBS_COMMENT'),
        localRepresentation: { textFormat: { textType: 'String' } },
      });
    });

    it('names the primary measure', () => {
      expect(components.measureList.primaryMeasure).toMatchObject({ id: 'OBS_VALUE', conceptIdentity: conceptUrn('OBS_VALUE') });
    });
  });
});
