import { CREDIT_CODE_CHARACTERS, buildCreditCode } from '@hutong/gb-codes';
import { REFERENCE_DATE } from './citizen-id-lattice';
import { SCALE_DISTRICTS, type Province, type ScaleDistrict } from './scale-districts';
import { TRADE_NAMES, SURNAMES } from './scale-names';
import { ScalePersons, homeAddress } from './scale-persons';
import {
  AffinePermutation,
  RANDOM_STREAMS,
  WeightedTable,
  below,
  chance,
  fraction,
  oneOf,
  rowRandom,
  type RandomGenerator,
} from './scale-random';

/** GB 32100 subject identifiers of scale legal persons: "MA" + 6 characters, i.e. 31^6 of them (the demo city's are digits). */
const BODY_DIGITS = 6;
export const MAX_LEGAL_PERSONS = CREDIT_CODE_CHARACTERS.length ** BODY_DIGITS;

/** A line of business: GB/T 4754-2017 code, the word in the name, the licence's business scope. */
interface Trade {
  readonly industry: string;
  readonly word: string;
  readonly scope: string;
}

/** One kind of 市场主体 / 单位: its registry type, GB 32100 positions 1–2, who registers it, its trades, its name. */
interface EntityKind {
  readonly entityType: string;
  readonly authority: string;
  readonly category: string;
  readonly trades: readonly Trade[];
  readonly registeredBy: (district: ScaleDistrict) => string;
  readonly name: (rng: RandomGenerator, district: ScaleDistrict, trade: Trade) => string;
  /** Registered capital (or 开办资金) in 万元: log-uniform between these bounds. */
  readonly capital: readonly [number, number];
}

const SCHOOL_NAMES = ['第一', '第二', '第三', '第五', '实验', '育才', '启明', '培英', '东风', '中心'];
const PROVINCE_NAMES: Readonly<Record<Province, string>> = { guangdong: '广东', sichuan: '四川', henan: '河南' };

const districtPart = (district: ScaleDistrict) =>
  district.cityName === district.name ? district.name : `${district.cityName}${district.name}`;
const market = (district: ScaleDistrict) => `${districtPart(district)}市场监督管理局`;

const ENTERPRISE_TRADES: readonly Trade[] = [
  { industry: 'I65', word: '信息科技', scope: '软件开发；信息技术咨询服务；信息系统集成服务' },
  { industry: 'I64', word: '网络科技', scope: '互联网信息服务；网络技术服务' },
  { industry: 'F51', word: '贸易', scope: '日用百货、五金产品、电子产品批发' },
  { industry: 'F52', word: '商贸', scope: '日用百货零售；食品销售（仅销售预包装食品）' },
  { industry: 'H62', word: '餐饮管理', scope: '餐饮服务；餐饮管理' },
  { industry: 'E48', word: '建设工程', scope: '土木工程建筑施工；市政设施管理' },
  { industry: 'E50', word: '装饰工程', scope: '住宅室内装饰装修；建筑装饰工程施工' },
  { industry: 'C39', word: '电子', scope: '电子元器件制造；电子产品销售' },
  { industry: 'C18', word: '服饰', scope: '服装制造；服装服饰批发' },
  { industry: 'L72', word: '企业管理咨询', scope: '企业管理咨询；商务信息咨询；会议及展览服务' },
  { industry: 'M75', word: '科技', scope: '技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广' },
  { industry: 'K70', word: '房地产开发', scope: '房地产开发经营；物业管理' },
  { industry: 'G54', word: '物流', scope: '道路货物运输（不含危险货物）；普通货物仓储服务' },
  { industry: 'R87', word: '文化传播', scope: '组织文化艺术交流活动；广告设计、代理' },
  { industry: 'O80', word: '家政服务', scope: '家政服务；养老服务' },
];

const SHOP_TRADES: readonly Trade[] = [
  { industry: 'F52', word: '便利店', scope: '日用百货零售；食品销售（仅销售预包装食品）' },
  { industry: 'F52', word: '水果店', scope: '水果零售' },
  { industry: 'H62', word: '餐饮店', scope: '餐饮服务' },
  { industry: 'H62', word: '面馆', scope: '小餐饮' },
  { industry: 'O80', word: '美发店', scope: '理发及美容服务' },
  { industry: 'O81', word: '家电维修部', scope: '日用电器修理' },
  { industry: 'G54', word: '货运部', scope: '道路普通货物运输' },
];

const ENTITY_KINDS = new WeightedTable<EntityKind>([
  [
    {
      entityType: 'enterprise',
      authority: '9',
      category: '1',
      trades: ENTERPRISE_TRADES,
      registeredBy: market,
      name: (rng, district, trade) => `${district.cityShort}${oneOf(rng, TRADE_NAMES)}${trade.word}有限公司`,
      capital: [10, 10_000],
    },
    38,
  ],
  [
    {
      entityType: 'individual_business',
      authority: '9',
      category: '2',
      trades: SHOP_TRADES,
      registeredBy: market,
      name: (rng, district, trade) => `${districtPart(district)}${SURNAMES.pick(rng)}记${trade.word}`,
      capital: [1, 50],
    },
    57,
  ],
  [
    {
      entityType: 'institution',
      authority: '1',
      category: '2',
      trades: [
        { industry: 'P83', word: '学校', scope: '实施全日制教育，促进基础教育发展' },
        { industry: 'Q84', word: '社区卫生服务中心', scope: '基本医疗和公共卫生服务' },
      ],
      registeredBy: (district) => `${districtPart(district)}机构编制委员会办公室`,
      name: (rng, district, trade) =>
        trade.word === '学校'
          ? `${districtPart(district)}${oneOf(rng, SCHOOL_NAMES)}${oneOf(rng, ['小学', '中学', '幼儿园'])}`
          : `${districtPart(district)}${oneOf(rng, ['东区', '西区', '南区', '北区', '中心', '新城'])}${trade.word}`,
      capital: [10, 2_000],
    },
    2,
  ],
  [
    {
      entityType: 'social_organization',
      authority: '5',
      category: '1',
      trades: [{ industry: 'S95', word: '协会', scope: '行业交流、培训、咨询服务' }],
      registeredBy: (district) => `${districtPart(district)}民政局`,
      name: (rng, district) =>
        `${districtPart(district)}${oneOf(rng, ['软件', '餐饮', '物流', '家政', '装饰', '电子商务', '书法', '摄影'])}行业协会`,
      capital: [3, 100],
    },
    2,
  ],
  [
    {
      entityType: 'state_organ',
      authority: '1',
      category: '1',
      trades: [{ industry: 'S92', word: '', scope: '依法履行行政管理职责' }],
      registeredBy: (district) => `${districtPart(district)}机构编制委员会办公室`,
      name: (rng, district) =>
        `${districtPart(district)}${oneOf(rng, ['城市管理和综合执法局', '水务局', '交通运输局', '退役军人事务局', '医疗保障局'])}`,
      capital: [10, 500],
    },
    0.5,
  ],
  [
    {
      entityType: 'other',
      authority: 'Y',
      category: '1',
      trades: [{ industry: 'L7231', word: '律师事务所', scope: '法律服务' }],
      registeredBy: (district) => `${district.cityName}司法局`,
      name: (rng, district) => `${PROVINCE_NAMES[district.province]}${oneOf(rng, TRADE_NAMES)}律师事务所`,
      capital: [10, 300],
    },
    0.5,
  ],
]);

/** Registrations per year: few before 2000, many after the 2014 商事制度改革. */
const REGISTRATION_YEARS = new WeightedTable<number>(
  Array.from({ length: 40 }, (_, offset): [number, number] => {
    const year = 1985 + offset;
    return [year, year < 2000 ? 1 : year < 2010 ? 3 : year < 2015 ? 6 : year < 2020 ? 10 : 12];
  }),
);

const DISTRICTS = new WeightedTable(SCALE_DISTRICTS.map((district): [ScaleDistrict, number] => [district, district.population]));

/**
 * N synthetic legal persons in the row form of the legal-persons import (as `demoLegalPerson`):
 * enterprises, individual businesses, institutions, social organisations, state organs and law
 * firms in proportion, districts by population, registration dates from 1985 weighted to recent
 * years, trades of GB/T 4754-2017. The credit code's subject identifier is "MA" and a seeded
 * permutation of the row index in base 31 — distinct for every row by construction. The legal
 * representative is one of the scale persons (an adult), so the two registries join up.
 */
export class ScaleLegalPersons {
  private readonly bodies: AffinePermutation;

  constructor(
    readonly count: number,
    readonly seed: number,
    private readonly persons: ScalePersons,
  ) {
    if (!Number.isSafeInteger(count) || count < 0 || count > MAX_LEGAL_PERSONS) {
      throw new RangeError(`legal persons: 0 … ${MAX_LEGAL_PERSONS}, not ${count}`);
    }
    if (persons.count < 1) throw new RangeError('legal persons need at least one person to represent them');
    this.bodies = new AffinePermutation(MAX_LEGAL_PERSONS, rowRandom(seed, RANDOM_STREAMS.parameters, 1));
  }

  /** Positions 9–16 of row `index`'s credit code: "MA" + the permuted index in base 31. */
  organizationBody(index: number): string {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no legal person ${index}`);
    let rest = this.bodies.apply(index);
    let digits = '';
    for (let position = 0; position < BODY_DIGITS; position += 1) {
      digits = (CREDIT_CODE_CHARACTERS[rest % CREDIT_CODE_CHARACTERS.length] as string) + digits;
      rest = Math.floor(rest / CREDIT_CODE_CHARACTERS.length);
    }
    return `MA${digits}`;
  }

  row(index: number): Record<string, unknown> {
    const organizationBody = this.organizationBody(index);
    const rng = rowRandom(this.seed, RANDOM_STREAMS.legalPersons, index);
    const kind = ENTITY_KINDS.pick(rng);
    const district = DISTRICTS.pick(rng);
    const trade = oneOf(rng, kind.trades);
    const established = registrationDate(rng);
    const representative = this.representative(rng, Number(established.slice(0, 4)));
    const [low, high] = kind.capital;
    const capital = Math.round(low * (high / low) ** fraction(rng));
    const term = kind.entityType === 'enterprise' && chance(rng, 0.4) ? { business_term_to: yearsLater(established, 30) } : {};
    return {
      credit_code: buildCreditCode({
        registrationAuthority: kind.authority,
        entityCategory: kind.category,
        divisionCode: district.code,
        organizationBody,
      }),
      name: kind.name(rng, district, trade),
      entity_type: kind.entityType,
      legal_representative: representative.name,
      legal_representative_id: representative.citizenId,
      registered_capital: `${capital}0000.00`,
      capital_currency: 'CNY',
      established_on: established,
      business_term_from: established,
      ...term,
      registered_address: homeAddress(rng, district),
      registered_division: district.code,
      industry: trade.industry,
      business_scope: trade.scope,
      registration_authority: kind.registeredBy(district),
    };
  }

  /** One of the persons, 18 or older when the legal person was registered (a few draws; the last is kept). */
  private representative(rng: RandomGenerator, year: number) {
    let candidate = this.persons.identity(below(rng, this.persons.count));
    for (let attempt = 0; attempt < 8 && Number(candidate.birthDate.slice(0, 4)) > year - 18; attempt += 1) {
      candidate = this.persons.identity(below(rng, this.persons.count));
    }
    return candidate;
  }
}

function registrationDate(rng: RandomGenerator): string {
  const year = REGISTRATION_YEARS.pick(rng);
  const start = Date.UTC(year, 0, 1);
  const length = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
  const date = new Date(start + below(rng, length) * 86_400_000).toISOString().slice(0, 10);
  return date > REFERENCE_DATE ? REFERENCE_DATE : date;
}

/** The same day `years` later (29 February → 28 February). */
function yearsLater(date: string, years: number): string {
  const later = `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
  return later.endsWith('-02-29') ? `${later.slice(0, 8)}28` : later;
}
