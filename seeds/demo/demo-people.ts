import { buildCitizenId, buildCreditCode } from '@hutong/gb-codes';

/**
 * The demo city's people and legal persons: deterministic, with valid identifiers in real districts
 * of the four cities of the source documents (Guangzhou, Zhongshan, Chengdu, Zhengzhou), in the
 * row form the registries' NDJSON imports take.
 */
export const DEMO_DISTRICTS = [
  '440103', // 荔湾
  '440104', // 越秀
  '440105', // 海珠
  '440106', // 天河
  '440111', // 白云
  '442000', // 中山市 (no districts)
  '510104', // 锦江
  '510107', // 武侯
  '410102', // 中原
  '410105', // 金水
] as const;

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '梁',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '嘉怡',
  '子轩',
];
const STREETS = ['中山路', '解放路', '人民路', '建设路', '文化路', '体育西路', '天府大道', '金水路', '花城大道', '东风路'];
const TRADES = [
  { industry: 'I65', scope: '软件开发；信息技术咨询服务', word: '信息科技' },
  { industry: 'F52', scope: '日用百货零售', word: '商贸' },
  { industry: 'H62', scope: '餐饮服务', word: '餐饮管理' },
  { industry: 'E48', scope: '土木工程建筑施工', word: '建设工程' },
  { industry: 'C39', scope: '电子元器件制造', word: '电子' },
] as const;

const pick = <T>(values: readonly T[], index: number): T => values[index % values.length] as T;

export function demoCitizenId(index: number): string {
  const division = pick(DEMO_DISTRICTS, index);
  const year = 1950 + ((index * 7) % 56);
  const month = 1 + ((index * 5) % 12);
  const day = 1 + ((index * 11) % 28);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return buildCitizenId({ divisionCode: division, birthDate, sequence: Math.floor(index / DEMO_DISTRICTS.length) % 1000 });
}

/** GB/T 2261.2 marital status, mostly married (20), some unmarried (10), divorced (40), widowed (30). */
const MARITAL_STATUSES = ['20', '20', '20', '10', '20', '40', '20', '30'] as const;

/**
 * Person `index` as 公安 imports it (sex and birth date follow from the ID), with the 有条件 groups
 * the walkthrough and the demo grants read: where they live, and their marital status.
 */
export function demoPerson(index: number): Record<string, unknown> {
  const id = demoCitizenId(index);
  const household = `${pick(STREETS, index)}${(index % 300) + 1}号`;
  return {
    citizen_id: id,
    name: `${pick(SURNAMES, index)}${pick(GIVEN, Math.floor(index / SURNAMES.length))}`,
    ethnicity: '01',
    nationality: 'CHN',
    household_address: household,
    household_division: id.slice(0, 6),
    residence_address: index % 4 === 0 ? `${pick(STREETS, index + 1)}${(index % 200) + 1}号${(index % 30) + 1}01房` : household,
    residence_division: id.slice(0, 6),
    marital_status: pick(MARITAL_STATUSES, index),
  };
}

/** Legal person `index` as 市场监管 imports it, its representative one of the demo persons. */
export function demoLegalPerson(index: number): Record<string, unknown> {
  const division = pick(DEMO_DISTRICTS, index);
  const trade = pick(TRADES, index);
  return {
    credit_code: buildCreditCode({
      registrationAuthority: '9',
      entityCategory: '1',
      divisionCode: division,
      organizationBody: String(61_000_000 + index),
    }),
    name: `示例${pick(GIVEN, index)}${trade.word}有限公司${index}`,
    entity_type: 'enterprise',
    legal_representative: `${pick(SURNAMES, index + 3)}${pick(GIVEN, index + 5)}`,
    legal_representative_id: demoCitizenId(index * 3 + 1),
    registered_capital: `${(1 + (index % 50)) * 100000}.00`,
    capital_currency: 'CNY',
    established_on: `${2000 + (index % 25)}-${String(1 + (index % 12)).padStart(2, '0')}-15`,
    registered_address: `${pick(STREETS, index + 2)}${(index % 500) + 1}号`,
    registered_division: division,
    industry: trade.industry,
    business_scope: trade.scope,
    registration_authority: '市场监督管理局',
  };
}
