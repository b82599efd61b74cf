import { lookupDivision } from '@hutong/gb-codes';
import type { StoredIndicator } from '../data/observation.repository';
import { INDICATOR_TOPICS } from '../registry/indicators.definition';
import { COMPARATOR_CODES, OBS_STATUS_CODES } from '../registry/observations.definition';
import type {
  ArtefactRef,
  AttributeDef,
  Code,
  Codelist,
  Concept,
  ConceptScheme,
  DataStructure,
  Dataflow,
  DimensionDef,
  LocalisedText,
  StructureSet,
} from '../sdmx/sdmx-model';

/**
 * The SDMX structures of the macro registry: one dataflow DF_MACRO over the data structure
 * DSD_MACRO (FREQ.REF_AREA.INDICATOR.VALUE_TYPE, TIME_PERIOD, OBS_VALUE), its concept scheme and
 * codelists. CL_INDICATOR and CL_AREA are made from the data (the indicator registry and the
 * regions observed); the others are fixed here. Each SDMX component maps to one registry item.
 */
export const AGENCY = 'HUTONG';
const VERSION = '1.0';
const ref = (id: string): ArtefactRef => ({ agencyId: AGENCY, id, version: VERSION });
const text = (zh: string, en: string): LocalisedText => ({ zh, en });

export const DATAFLOW_REF = ref('DF_MACRO');
const DSD_REF = ref('DSD_MACRO');
const CONCEPTS_REF = ref('CS_MACRO');

/** SDMX dimension id → observation item, in key order. */
export const DIMENSION_ITEMS = [
  { id: 'FREQ', item: 'freq', codelist: 'CL_FREQ' },
  { id: 'REF_AREA', item: 'ref_area', codelist: 'CL_AREA' },
  { id: 'INDICATOR', item: 'indicator', codelist: 'CL_INDICATOR' },
  { id: 'VALUE_TYPE', item: 'value_type', codelist: 'CL_VALUE_TYPE' },
] as const;

/** Observation-level attributes → observation item (coded ones translated through `codes`). */
export const OBSERVATION_ATTRIBUTES = [
  { id: 'OBS_STATUS', item: 'obs_status', codelist: 'CL_OBS_STATUS', mandatory: true },
  { id: 'COMPARATOR', item: 'comparator', codelist: 'CL_COMPARATOR', mandatory: true },
  { id: 'SOURCE_REF', item: 'source_ref', mandatory: false },
  { id: 'SOURCE_QUOTE', item: 'source_quote', mandatory: false },
  { id: 'OBS_COMMENT', item: 'comment', mandatory: false },
] as const;

/** Series-level attributes → indicator item. */
export const SERIES_ATTRIBUTES = [
  { id: 'UNIT_MEASURE', item: 'unit' },
  { id: 'UNIT_MULT', item: 'unit_multiplier' },
] as const;

/** Stored value → SDMX code, for the coded observation attributes. */
export const ATTRIBUTE_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  obs_status: OBS_STATUS_CODES,
  comparator: COMPARATOR_CODES,
};

/** The codelists that do not depend on the data. */
export const FIXED_CODELISTS: readonly Codelist[] = [
  codelist('CL_FREQ', text('频度', 'Frequency'), [
    code('A', text('年', 'Annual')),
    code('Q', text('季', 'Quarterly')),
    code('M', text('月', 'Monthly')),
  ]),
  codelist('CL_VALUE_TYPE', text('值类型', 'Value type'), [
    code('ACTUAL', text('实际值', 'Actual value')),
    code('TARGET', text('规划目标值', 'Planned target')),
  ]),
  codelist('CL_OBS_STATUS', text('观测状态', 'Observation status'), [
    code('A', text('实际', 'Actual (normal) value')),
    code('T', text('目标', 'Target stated by a plan')),
    code('P', text('初步', 'Provisional value')),
    code('R', text('修订', 'Revised value')),
    code('E', text('估计', 'Estimated value')),
  ]),
  codelist('CL_COMPARATOR', text('比较符', 'Comparator'), [
    code('EQ', text('等于', 'Equal to the value')),
    code('GT', text('超过', 'More than the value')),
    code('GE', text('以上', 'The value or more')),
    code('LT', text('低于', 'Less than the value')),
    code('LE', text('以内', 'The value or less')),
    code('AP', text('接近/左右', 'About the value')),
  ]),
  codelist(
    'CL_TOPIC',
    text('指标分类', 'Indicator topic'),
    Object.entries(INDICATOR_TOPICS).map(([id, name]) => code(id, name)),
  ),
];

const CONCEPTS: readonly Concept[] = [
  concept('FREQ', text('频度', 'Frequency')),
  concept('REF_AREA', text('地区', 'Reference area (GB/T 2260)')),
  concept('INDICATOR', text('指标', 'Indicator')),
  concept('VALUE_TYPE', text('值类型', 'Value type')),
  concept('TIME_PERIOD', text('时期', 'Time period')),
  concept('OBS_VALUE', text('数值', 'Observation value')),
  concept('UNIT_MEASURE', text('计量单位', 'Unit of measure')),
  concept('UNIT_MULT', text('单位倍数', 'Unit multiplier (power of ten)')),
  concept('OBS_STATUS', text('观测状态', 'Observation status')),
  concept('COMPARATOR', text('比较符', 'Comparator: how the value bounds the quantity')),
  concept('SOURCE_REF', text('来源文件', 'Source document')),
  concept('SOURCE_QUOTE', text('来源原文', 'The words of the source document that state the value')),
  concept('OBS_COMMENT', text('说明', 'Comment')),
];

export const DATA_STRUCTURE: DataStructure = {
  ...DSD_REF,
  name: text('宏观经济统计数据结构', 'Macro-economic statistics'),
  conceptScheme: CONCEPTS_REF,
  dimensions: DIMENSION_ITEMS.map((dimension, index): DimensionDef => ({
    id: dimension.id,
    position: index + 1,
    conceptId: dimension.id,
    codelist: ref(dimension.codelist),
  })),
  timeDimension: { id: 'TIME_PERIOD', conceptId: 'TIME_PERIOD' },
  primaryMeasure: { id: 'OBS_VALUE', conceptId: 'OBS_VALUE' },
  attributes: [
    ...SERIES_ATTRIBUTES.map((attribute): AttributeDef => ({
      id: attribute.id,
      conceptId: attribute.id,
      attachment: 'Series',
      mandatory: true,
    })),
    ...OBSERVATION_ATTRIBUTES.map((attribute): AttributeDef => ({
      id: attribute.id,
      conceptId: attribute.id,
      attachment: 'Observation',
      mandatory: attribute.mandatory,
      ...('codelist' in attribute ? { codelist: ref(attribute.codelist) } : {}),
    })),
  ],
};

export const DATAFLOW: Dataflow = {
  ...DATAFLOW_REF,
  name: text('宏观经济统计数据', 'Macro-economic statistics'),
  description: text(
    '统计局发布的各市、区统计指标时间序列（实际值与规划目标值分列）。',
    'Statistical indicators of the cities and districts, actual values and plan targets as separate series.',
  ),
  structure: DSD_REF,
};

export const CONCEPT_SCHEME: ConceptScheme = {
  ...CONCEPTS_REF,
  name: text('宏观经济概念', 'Macro-economic concepts'),
  concepts: CONCEPTS,
};

/**
 * Every structure, with CL_INDICATOR and CL_AREA made of the given indicators and regions; an
 * indicator's names and methodology only as far as `readable` (the caller's indicator items) goes.
 */
export function macroStructures(
  indicators: readonly StoredIndicator[],
  regions: readonly string[],
  readable: ReadonlySet<string>,
): StructureSet {
  return {
    dataflows: [DATAFLOW],
    dataStructures: [DATA_STRUCTURE],
    codelists: [...FIXED_CODELISTS, indicatorCodelist(indicators, readable), areaCodelist(regions)],
    conceptSchemes: [CONCEPT_SCHEME],
  };
}

/** CL_INDICATOR: a code's name is the indicator's names if the caller may read them, else the code itself. */
export function indicatorCodelist(indicators: readonly StoredIndicator[], readable: ReadonlySet<string>): Codelist {
  const shown = (record: StoredIndicator['record'], item: string, fallback: string): string =>
    readable.has(item) ? textOf(record[item], fallback) : fallback;
  return codelist(
    'CL_INDICATOR',
    text('指标', 'Indicators'),
    indicators.map(({ code: id, record }) => {
      const methodology = shown(record, 'methodology', '');
      return code(
        id,
        text(shown(record, 'name_zh', id), shown(record, 'name_en', id)),
        methodology === '' ? undefined : methodology,
      );
    }),
  );
}

/** Regions with their GB/T 2260 names; a county's parent is its prefecture when that is listed too. */
export function areaCodelist(regions: readonly string[]): Codelist {
  const listed = new Set(regions);
  return codelist(
    'CL_AREA',
    text('行政区划', 'Administrative divisions (GB/T 2260)'),
    regions.map((id) => {
      const division = lookupDivision(id);
      const name = division?.name ?? id;
      const parent = division?.parentCode;
      return { id, name: text(name, name), ...(parent && listed.has(parent) ? { parentId: parent } : {}) };
    }),
  );
}

function codelist(id: string, name: LocalisedText, codes: readonly Code[]): Codelist {
  return { ...ref(id), name, codes };
}

function code(id: string, name: LocalisedText, description?: string): Code {
  return { id, name, ...(description !== undefined ? { description: text(description, description) } : {}) };
}

function concept(id: string, name: LocalisedText): Concept {
  return { id, name };
}

/** A stored item value as text (items are scalars; anything else falls back). */
export function textOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}
