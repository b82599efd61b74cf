import type { RegistryDefinition } from '@hutong/registries';
import { unconditionalItemOf } from './unconditional-item';
import { FREQUENCIES } from './periods';

export const INDICATOR_GROUP = 'indicator';
export const INDICATOR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,59}$/;

/** Topics of the indicators (SDMX codelist CL_TOPIC), after the sections of the source documents' plans. */
export const INDICATOR_TOPICS: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  NETWORK: { zh: '信息网络基础设施', en: 'Information network infrastructure' },
  EGOV: { zh: '电子政务', en: 'E-government' },
  ECOMMERCE: { zh: '电子商务', en: 'E-commerce' },
  INDUSTRY: { zh: '信息产业', en: 'Information industry' },
  ENTERPRISE: { zh: '企业信息化', en: 'Enterprise informatization' },
  SOCIETY: { zh: '社会信息化', en: 'Social informatization' },
  COMPOSITE: { zh: '综合指数', en: 'Composite indices' },
  INVESTMENT: { zh: '投资与项目', en: 'Investment and projects' },
  ECONOMY: { zh: '国民经济', en: 'National economy' },
};

const item = unconditionalItemOf(INDICATOR_GROUP);

/**
 * 指标: what an observation measures — names, unit and unit multiplier (a value 80 with multiplier 4
 * is 800 000, as SDMX's UNIT_MULT says), frequency, the agency that compiles it, how, and its topic.
 * The statistics bureau publishes the list; it belongs to no place, so it has no row scope.
 */
export const MACRO_INDICATORS: RegistryDefinition = {
  code: 'macro-indicators',
  entity: 'indicator',
  subjectKind: 'record',
  keyItem: 'indicator_code',
  nameItems: ['name_zh', 'name_en'],
  status: { item: 'status', dateItem: 'status_date', initial: 'active', cancelled: 'discontinued' },
  groups: [{ code: INDICATOR_GROUP, label: '指标定义' }],
  items: [
    item({ code: 'indicator_code', name: '指标代码', dataType: 'string', key: true, required: true, maxLength: 60 }),
    item({ code: 'name_zh', name: '指标名称', dataType: 'string', required: true, maxLength: 200 }),
    item({ code: 'name_en', name: '英文名称', dataType: 'string', required: true, maxLength: 300 }),
    item({
      code: 'unit',
      name: '计量单位',
      dataType: 'string',
      required: true,
      maxLength: 60,
      description: 'unit of the stored value before the multiplier, e.g. "Gbit/s", "percent", "CNY"',
    }),
    item({
      code: 'unit_multiplier',
      name: '单位倍数',
      dataType: 'integer',
      required: true,
      description: 'power of ten the value is in: 0 units, 4 万 (10⁴), 8 亿 (10⁸), 12 万亿',
    }),
    item({ code: 'frequency', name: '频度', dataType: 'enum', required: true, enumValues: FREQUENCIES }),
    item({ code: 'source_agency', name: '数据来源单位', dataType: 'string', required: true, maxLength: 100 }),
    item({ code: 'methodology', name: '统计口径说明', dataType: 'string', maxLength: 4000 }),
    item({ code: 'topic', name: '指标分类', dataType: 'enum', required: true, enumValues: Object.keys(INDICATOR_TOPICS) }),
    item({
      code: 'status',
      name: '状态',
      dataType: 'enum',
      enumValues: ['active', 'discontinued'],
      description: 'active 在用 / discontinued 停止发布',
    }),
    item({ code: 'status_date', name: '状态日期', dataType: 'date' }),
  ],
  catalog: {
    name: '宏观经济指标目录',
    classification: { category: 'base', item: '06', group: '001', groupLabel: '统计指标目录' },
    summary: '宏观经济基础数据库的统计指标：名称、计量单位与倍数、频度、来源单位、统计口径与分类。',
    conditions: '无条件共享',
    legalBasis: '《中华人民共和国统计法》；国发〔2016〕51号 第十条',
    keywords: ['宏观经济', '统计指标', 'SDMX'],
  },
  normalizeKey(key) {
    return INDICATOR_CODE_PATTERN.test(key)
      ? { ok: true, key }
      : {
          ok: false,
          violation: { field: 'indicator_code', rule: 'pattern', message: 'an indicator code is 2–60 capitals, digits or _' },
        };
  },
  derive() {
    // An indicator's items are all stated by the statistics bureau; none follows from another.
  },
  crossCheck(_key, record) {
    const multiplier = record.unit_multiplier;
    return typeof multiplier === 'number' && (multiplier < -12 || multiplier > 15)
      ? [{ field: 'unit_multiplier', rule: 'range', message: 'a unit multiplier is a power of ten from -12 to 15' }]
      : [];
  },
};
