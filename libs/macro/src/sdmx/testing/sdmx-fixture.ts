/**
 * Test helper (not used by the serialisers): a small macro-economic result — two indicators for
 * two cities over two years — with a coded and a free-text attribute at each attachment level, a
 * missing value, an attribute the caller may not read, and texts that need quoting or escaping.
 */
import type {
  ArtefactRef,
  AttributeDef,
  Codelist,
  ConceptScheme,
  Dataflow,
  DataRendering,
  DataResult,
  DataStructure,
  LocalisedText,
  ObservationRow,
  StructureSet,
} from '../sdmx-model';

const AGENCY = 'HUTONG';
const ref = (id: string): ArtefactRef => ({ agencyId: AGENCY, id, version: '1.0' });
const text = (en: string, zh: string): LocalisedText => ({ en, zh });

export const GDP_NAME = text('Gross domestic product, current prices', '地区生产总值（当年价格）');
/** Quotes, a comma, a line break and XML's special characters: every format must carry it intact. */
export const TRICKY_COMMENT = 'Revised, see "Bulletin 2017"\n<R&D> & other';
export const BEIJING_SOURCE = 'Beijing Statistical Yearbook 2017, table 3-1';
export const SHANGHAI_SOURCE = '上海统计年鉴 2017';

const codelists: Codelist[] = [
  {
    ...ref('CL_INDICATOR'),
    name: text('Macro-economic indicators', '宏观经济指标'),
    codes: [
      { id: 'GDP', name: GDP_NAME },
      { id: 'POP', name: text('Resident population, year-end', '年末常住人口') },
    ],
  },
  {
    ...ref('CL_AREA'),
    name: text('Administrative divisions', '行政区划'),
    description: text('GB/T 2260 codes', 'GB/T 2260 代码'),
    codes: [
      { id: '110000', name: text('Beijing', '北京市') },
      { id: '110101', name: text('Dongcheng District', '东城区'), parentId: '110000' },
      { id: '310000', name: text('Shanghai', '上海市') },
    ],
  },
  {
    ...ref('CL_UNIT_MULT'),
    name: text('Unit multiplier', '单位乘数'),
    codes: [
      { id: '4', name: text('Ten thousand', '万') },
      { id: '8', name: text('Hundred million', '亿') },
    ],
  },
  {
    ...ref('CL_OBS_STATUS'),
    name: text('Observation status', '观测状态'),
    codes: [
      { id: 'A', name: text('Normal value', '正常值') },
      { id: 'E', name: text('Estimated value', '估计值') },
      { id: 'M', name: text('Missing value', '缺失值') },
    ],
  },
  {
    ...ref('CL_CONF_STATUS'),
    name: text('Confidentiality status', '保密状态'),
    codes: [{ id: 'F', name: text('Free', '公开') }],
  },
];

const conceptScheme: ConceptScheme = {
  ...ref('CS_CITY_MACRO'),
  name: text('City macro-economic concepts', '城市宏观经济概念'),
  concepts: [
    { id: 'INDICATOR', name: text('Indicator', '指标') },
    { id: 'REF_AREA', name: text('Reference area', '地区') },
    { id: 'TIME_PERIOD', name: text('Time period', '时间') },
    { id: 'OBS_VALUE', name: text('Observation value', '观测值') },
    { id: 'UNIT_MULT', name: text('Unit multiplier', '单位乘数') },
    { id: 'SOURCE', name: text('Source', '来源') },
    { id: 'OBS_STATUS', name: text('Observation status', '观测状态') },
    { id: 'OBS_COMMENT', name: text('Comment', '备注'), description: text('Free text', '自由文本') },
    { id: 'CONF_STATUS', name: text('Confidentiality status', '保密状态') },
  ],
};

const attribute = (id: string, attachment: AttributeDef['attachment'], coded: boolean, mandatory = false): AttributeDef => ({
  id,
  conceptId: id,
  attachment,
  mandatory,
  ...(coded ? { codelist: ref(`CL_${id}`) } : {}),
});

const structure: DataStructure = {
  ...ref('DSD_CITY_MACRO'),
  name: text('City macro-economic statistics', '城市宏观经济统计'),
  conceptScheme: ref('CS_CITY_MACRO'),
  // Listed out of key order on purpose: the serialisers must follow `position`.
  dimensions: [
    { id: 'REF_AREA', position: 2, conceptId: 'REF_AREA', codelist: ref('CL_AREA') },
    { id: 'INDICATOR', position: 1, conceptId: 'INDICATOR', codelist: ref('CL_INDICATOR') },
  ],
  timeDimension: { id: 'TIME_PERIOD', conceptId: 'TIME_PERIOD' },
  primaryMeasure: { id: 'OBS_VALUE', conceptId: 'OBS_VALUE' },
  attributes: [
    attribute('UNIT_MULT', 'Series', true, true),
    attribute('SOURCE', 'Series', false),
    attribute('OBS_STATUS', 'Observation', true, true),
    attribute('OBS_COMMENT', 'Observation', false),
    attribute('CONF_STATUS', 'Observation', true),
  ],
};

const dataflow: Dataflow = {
  ...ref('DF_CITY_MACRO'),
  name: text('City macro-economic indicators', '城市宏观经济指标'),
  structure: ref('DSD_CITY_MACRO'),
};

function row(
  indicator: string,
  area: string,
  period: string,
  value: number | null,
  attributes: Record<string, string>,
): ObservationRow {
  return { key: { INDICATOR: indicator, REF_AREA: area }, period, value, attributes: { CONF_STATUS: 'F', ...attributes } };
}

const gdpBeijing = { UNIT_MULT: '8', SOURCE: BEIJING_SOURCE };
const gdpShanghai = { UNIT_MULT: '8', SOURCE: SHANGHAI_SOURCE };
const popBeijing = { UNIT_MULT: '4', SOURCE: BEIJING_SOURCE };
const popShanghai = { UNIT_MULT: '4' };

export const FIXTURE_ROWS: readonly ObservationRow[] = [
  row('GDP', '110000', '2015', 23014.59, { ...gdpBeijing, OBS_STATUS: 'A' }),
  row('GDP', '110000', '2016', 25669.13, { ...gdpBeijing, OBS_STATUS: 'A', OBS_COMMENT: TRICKY_COMMENT }),
  row('GDP', '310000', '2015', 25123.45, { ...gdpShanghai, OBS_STATUS: 'A' }),
  row('GDP', '310000', '2016', 28178.65, { ...gdpShanghai, OBS_STATUS: 'E' }),
  row('POP', '110000', '2015', 2170.5, { ...popBeijing, OBS_STATUS: 'A' }),
  row('POP', '110000', '2016', 2172.9, { ...popBeijing, OBS_STATUS: 'A' }),
  row('POP', '310000', '2015', 2415.27, { ...popShanghai, OBS_STATUS: 'A' }),
  row('POP', '310000', '2016', null, { ...popShanghai, OBS_STATUS: 'M' }),
];

export function sdmxDataFixture(): DataResult {
  return {
    dataflow,
    structure,
    codelists,
    conceptScheme,
    rows: FIXTURE_ROWS,
    // CONF_STATUS is in the structure but not readable by this caller.
    attributes: ['UNIT_MULT', 'SOURCE', 'OBS_STATUS', 'OBS_COMMENT'],
  };
}

export function sdmxStructureFixture(): StructureSet {
  return { dataflows: [dataflow], dataStructures: [structure], codelists, conceptSchemes: [conceptScheme] };
}

export function sdmxRendering(overrides: Partial<DataRendering> = {}): DataRendering {
  return {
    header: { id: 'IREF000042', prepared: new Date('2024-05-01T08:00:00Z'), senderId: AGENCY, language: 'en' },
    detail: 'full',
    dimensionAtObservation: 'TIME_PERIOD',
    ...overrides,
  };
}
