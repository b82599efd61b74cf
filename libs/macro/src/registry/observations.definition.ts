import { validateDivisionCode } from '@hutong/gb-codes';
import type { FieldViolation } from '@hutong/platform';
import type { RegistryDefinition } from '@hutong/registries';
import { INDICATOR_CODE_PATTERN, MACRO_INDICATORS } from './indicators.definition';
import { unconditionalItemOf } from './unconditional-item';
import { FREQUENCIES, isFrequency, isPeriodOf, PERIOD_EXAMPLES } from './periods';

export const OBSERVATION_GROUP = 'observation';
/** Series dimensions in SDMX key order; the record key is these, then the period, joined by dots. */
export const SERIES_DIMENSIONS = ['freq', 'ref_area', 'indicator', 'value_type'] as const;
export type SeriesDimension = (typeof SERIES_DIMENSIONS)[number];
/** 实际值 / 目标值: a plan's target and the value reached are two series, never one overwriting the other. */
export const VALUE_TYPES = ['ACTUAL', 'TARGET'] as const;
/** The documents' qualifiers: 超过 >, 以上 ≥, 不超过 ≤, 低于 <, 接近/左右 ≈ (`~`); `=` for a plain value. */
export const COMPARATORS = ['=', '>', '>=', '<', '<=', '~'] as const;
export const OBSERVATION_STATUSES = ['actual', 'target', 'provisional', 'revised', 'estimated'] as const;
/** Stored value → SDMX code (codelists CL_OBS_STATUS and CL_COMPARATOR of the DSD). */
export const OBS_STATUS_CODES: Readonly<Record<string, string>> = {
  actual: 'A',
  target: 'T',
  provisional: 'P',
  revised: 'R',
  estimated: 'E',
};
export const COMPARATOR_CODES: Readonly<Record<string, string>> = {
  '=': 'EQ',
  '>': 'GT',
  '>=': 'GE',
  '<': 'LT',
  '<=': 'LE',
  '~': 'AP',
};

function invert(codes: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(codes).map(([value, code]) => [code, value]));
}

const item = unconditionalItemOf(OBSERVATION_GROUP);

/**
 * 观测值: one value of one series (indicator × region × frequency × actual/target) for one period.
 * Each revision is a new version of the record, so the versions are the vintages `asOf` reads.
 * The dimensions are also items of the record: imports send them instead of the key, and the
 * SDMX queries select on them (expression indexes, migration 1795795200000).
 */
export const MACRO_OBSERVATIONS: RegistryDefinition = {
  code: 'macro-observations',
  entity: 'observation',
  subjectKind: 'record',
  keyItem: 'observation_key',
  scopeItem: 'ref_area',
  nameItems: [],
  status: { item: 'status', dateItem: 'status_date', initial: 'published', cancelled: 'withdrawn' },
  groups: [{ code: OBSERVATION_GROUP, label: '观测值' }],
  items: [
    item({
      code: 'observation_key',
      name: '观测键',
      dataType: 'string',
      key: true,
      required: true,
      maxLength: 100,
      description: 'FREQ.REF_AREA.INDICATOR.VALUE_TYPE.TIME_PERIOD, e.g. A.440100.INTERNET_USERS.ACTUAL.2010',
    }),
    item({ code: 'freq', name: '频度', dataType: 'enum', required: true, enumValues: FREQUENCIES }),
    item({ code: 'ref_area', name: '地区代码', dataType: 'division_code', required: true }),
    item({ code: 'indicator', name: '指标代码', dataType: 'string', required: true, maxLength: 60 }),
    item({ code: 'value_type', name: '值类型', dataType: 'enum', required: true, enumValues: VALUE_TYPES }),
    item({ code: 'time_period', name: '时期', dataType: 'string', required: true, maxLength: 7 }),
    item({ code: 'obs_value', name: '数值', dataType: 'decimal', required: true }),
    item({ code: 'comparator', name: '比较符', dataType: 'enum', required: true, enumValues: COMPARATORS }),
    item({ code: 'obs_status', name: '观测状态', dataType: 'enum', required: true, enumValues: OBSERVATION_STATUSES }),
    item({ code: 'source_ref', name: '来源文件', dataType: 'string', maxLength: 300 }),
    item({ code: 'source_quote', name: '来源原文', dataType: 'string', maxLength: 2000 }),
    item({ code: 'comment', name: '说明', dataType: 'string', maxLength: 2000 }),
    item({
      code: 'status',
      name: '发布状态',
      dataType: 'enum',
      enumValues: ['published', 'withdrawn'],
      description: 'published 已发布 / withdrawn 已撤回',
    }),
    item({ code: 'status_date', name: '状态日期', dataType: 'date' }),
  ],
  references: [{ item: 'indicator', registry: MACRO_INDICATORS.code }],
  keyParts: { items: [...SERIES_DIMENSIONS, 'time_period'], separator: '.' },
  // A file of new values must not wipe an observation's source, quote and comment.
  partialImportRows: true,
  importColumns: {
    aliases: {
      FREQ: 'freq',
      REF_AREA: 'ref_area',
      INDICATOR: 'indicator',
      VALUE_TYPE: 'value_type',
      TIME_PERIOD: 'time_period',
      OBS_VALUE: 'obs_value',
      COMPARATOR: 'comparator',
      OBS_STATUS: 'obs_status',
      SOURCE_REF: 'source_ref',
      SOURCE_QUOTE: 'source_quote',
      OBS_COMMENT: 'comment',
    },
    constants: { DATAFLOW: 'HUTONG:DF_MACRO(1.0)' },
    // Series attributes of an exported SDMX-CSV file; they belong to the indicator, not the observation.
    ignored: ['UNIT_MEASURE', 'UNIT_MULT'],
    // SDMX codes (CL_OBS_STATUS, CL_COMPARATOR) back to stored values; the stored values are accepted too.
    codes: { OBS_STATUS: invert(OBS_STATUS_CODES), COMPARATOR: invert(COMPARATOR_CODES) },
  },
  catalog: {
    name: '宏观经济统计数据',
    classification: { category: 'base', item: '06', group: '002', groupLabel: '统计指标数据' },
    summary: '各市、区统计指标的时间序列（实际值与规划目标值分列），含比较符、观测状态、来源文件与历次修订。SDMX 2.1 接口发布。',
    conditions: '无条件共享',
    legalBasis: '《中华人民共和国统计法》；国发〔2016〕51号 第十条',
    keywords: ['宏观经济', '统计数据', '时间序列', 'SDMX'],
  },
  normalizeKey(key) {
    const violation = keyViolation(key);
    return violation ? { ok: false, violation } : { ok: true, key };
  },
  derive(key, record) {
    const parts = key.split('.');
    for (const [index, code] of [...SERIES_DIMENSIONS, 'time_period'].entries()) record[code] ??= parts[index];
    record.comparator ??= '=';
    record.obs_status ??= record.value_type === 'TARGET' ? 'target' : 'actual';
  },
  crossCheck(key, record) {
    const parts = key.split('.');
    const violations: FieldViolation[] = [...SERIES_DIMENSIONS, 'time_period']
      .filter((code, index) => record[code] !== parts[index])
      .map((code) => ({ field: code, rule: 'key_mismatch', message: `differs from the observation key ${key}` }));
    const isTarget = record.value_type === 'TARGET';
    if (isTarget !== (record.obs_status === 'target')) {
      violations.push({
        field: 'obs_status',
        rule: 'value_type',
        message: isTarget ? 'a TARGET series holds targets only' : 'a target belongs in the TARGET series',
      });
    }
    return violations;
  },
};

/** `A.440100.INTERNET_USERS.ACTUAL.2010`: each part checked, so that a bad key names its part. */
function keyViolation(key: string): FieldViolation | undefined {
  const parts = key.split('.');
  const field = 'observation_key';
  if (parts.length !== 5) {
    return { field, rule: 'pattern', message: 'FREQ.REF_AREA.INDICATOR.VALUE_TYPE.TIME_PERIOD (five parts)' };
  }
  const [freq = '', area = '', indicator = '', valueType = '', period = ''] = parts;
  if (!isFrequency(freq)) return { field, rule: 'freq', message: `frequency ${freq} is not one of A, Q, M` };
  const division = validateDivisionCode(area, { allowHistorical: false });
  if (!division.ok) return { field, rule: 'ref_area', message: `${area} is no GB/T 2260 division code` };
  if (!INDICATOR_CODE_PATTERN.test(indicator)) {
    return { field, rule: 'indicator', message: 'an indicator code is 2–60 capitals, digits or _' };
  }
  if (!(VALUE_TYPES as readonly string[]).includes(valueType)) {
    return { field, rule: 'value_type', message: 'the value type is ACTUAL or TARGET' };
  }
  if (!isPeriodOf(freq, period)) {
    return { field, rule: 'time_period', message: `a ${freq} period is written like ${PERIOD_EXAMPLES[freq]}` };
  }
  return undefined;
}
