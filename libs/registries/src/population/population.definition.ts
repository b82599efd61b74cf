import { validateCitizenId } from '@hutong/gb-codes';
import type { FieldViolation } from '@hutong/platform';
import type { RegistryDefinition, RegistryItem } from '../kit/registry-definition';

/** GB/T 3304 民族 codes: 01 汉族 … 56 基诺族, 97 其他, 98 外国血统中国籍人士. */
export const ETHNICITY_CODES = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98'];
/** GB/T 2261.1 sex codes used on the record: 1 男, 2 女 (the citizen ID decides which). */
export const SEX_CODES = { male: '1', female: '2' } as const;
/** GB/T 2261.2 婚姻状况: 10 未婚, 20 已婚, 21 初婚, 22 再婚, 23 复婚, 30 丧偶, 40 离婚, 90 未说明. */
export const MARITAL_STATUS_CODES = ['10', '20', '21', '22', '23', '30', '40', '90'];
export const PERSON_STATUSES = ['normal', 'deceased', 'emigrated', 'cancelled'] as const;

const U = 'unconditional' as const;
const C = 'conditional' as const;

/**
 * The person's 信息项. Basic identity (公安, the authoritative source) is 无条件共享 as Art. 10 of
 * 国发〔2016〕51号 requires of base-registry basic items; addresses and the contributed groups —
 * residence, marriage and childbearing (婚育), employment, social insurance (B13) — are 有条件.
 */
const ITEMS: RegistryItem[] = [
  {
    code: 'citizen_id',
    name: '公民身份号码',
    dataType: 'citizen_id',
    group: 'identity',
    sharingType: U,
    key: true,
    sensitive: true,
    required: true,
  },
  { code: 'name', name: '姓名', dataType: 'string', group: 'identity', sharingType: U, required: true, maxLength: 50 },
  {
    code: 'former_names',
    name: '曾用名',
    dataType: 'object',
    group: 'identity',
    sharingType: C,
    description: 'JSON array of names',
  },
  {
    code: 'sex',
    name: '性别',
    dataType: 'enum',
    group: 'identity',
    sharingType: U,
    required: true,
    enumValues: ['1', '2'],
    description: 'GB/T 2261.1: 1 男, 2 女',
  },
  { code: 'birth_date', name: '出生日期', dataType: 'date', group: 'identity', sharingType: U, required: true },
  {
    code: 'ethnicity',
    name: '民族',
    dataType: 'enum',
    group: 'identity',
    sharingType: U,
    enumValues: ETHNICITY_CODES,
    description: 'GB/T 3304 code',
  },
  {
    code: 'nationality',
    name: '国籍',
    dataType: 'string',
    group: 'identity',
    sharingType: U,
    pattern: '^[A-Z]{3}$',
    description: 'ISO 3166-1 alpha-3, e.g. CHN',
  },
  {
    code: 'household_address',
    name: '户籍地址',
    dataType: 'string',
    group: 'identity',
    sharingType: C,
    sensitive: true,
    maxLength: 200,
  },
  {
    code: 'household_division',
    name: '户籍地行政区划',
    dataType: 'division_code',
    group: 'identity',
    sharingType: U,
    required: true,
    description: 'GB/T 2260; grants scope rows by it',
  },
  {
    code: 'status',
    name: '人员状态',
    dataType: 'enum',
    group: 'status',
    sharingType: U,
    required: true,
    enumValues: [...PERSON_STATUSES],
    description: 'normal 正常, deceased 死亡, emigrated 出国(境)定居, cancelled 注销',
  },
  { code: 'status_date', name: '状态变更日期', dataType: 'date', group: 'status', sharingType: U },
  {
    code: 'residence_address',
    name: '居住地址',
    dataType: 'string',
    group: 'residence',
    sharingType: C,
    sensitive: true,
    maxLength: 200,
  },
  { code: 'residence_division', name: '居住地行政区划', dataType: 'division_code', group: 'residence', sharingType: C },
  { code: 'residence_since', name: '居住起始日期', dataType: 'date', group: 'residence', sharingType: C },
  {
    code: 'marital_status',
    name: '婚姻状况',
    dataType: 'enum',
    group: 'marriage',
    sharingType: C,
    enumValues: MARITAL_STATUS_CODES,
    description: 'GB/T 2261.2 code',
  },
  { code: 'children_count', name: '子女数', dataType: 'integer', group: 'marriage', sharingType: C },
  { code: 'employer_name', name: '就业单位名称', dataType: 'string', group: 'employment', sharingType: C, maxLength: 200 },
  {
    code: 'employer_credit_code',
    name: '就业单位统一社会信用代码',
    dataType: 'credit_code',
    group: 'employment',
    sharingType: C,
  },
  { code: 'occupation', name: '职业', dataType: 'string', group: 'employment', sharingType: C, maxLength: 100 },
  {
    code: 'insurance_status',
    name: '社会保险参保状态',
    dataType: 'enum',
    group: 'social_insurance',
    sharingType: C,
    enumValues: ['insured', 'suspended', 'terminated', 'none'],
  },
  { code: 'insured_since', name: '参保日期', dataType: 'date', group: 'social_insurance', sharingType: C },
];

export const POPULATION: RegistryDefinition = {
  code: 'population',
  entity: 'person',
  subjectKind: 'citizen',
  keyItem: 'citizen_id',
  scopeItem: 'household_division',
  nameItems: ['name', 'former_names'],
  status: { item: 'status', dateItem: 'status_date', initial: 'normal', cancelled: 'cancelled' },
  groups: [
    { code: 'identity', label: '身份与户籍 (公安)' },
    { code: 'status', label: '人员状态 (公安)' },
    { code: 'residence', label: '居住' },
    { code: 'marriage', label: '婚育' },
    { code: 'employment', label: '就业' },
    { code: 'social_insurance', label: '社会保险' },
  ],
  items: ITEMS,
  catalog: {
    name: '人口基础信息',
    classification: { category: 'base', item: '01', group: '001', groupLabel: '人口基础信息' },
    summary: '全市人口基础信息库：公民身份、户籍、居住、婚育、就业、社会保险信息，市公安局为权威来源，各部门按属性组共建。',
    conditions: '基础信息项无条件共享；地址及婚育、就业、社会保险等属性经申请批准后，在法定职责范围内使用',
    legalBasis: '《中华人民共和国居民身份证法》; 《中华人民共和国个人信息保护法》; 国发〔2016〕51号 第十条',
    keywords: ['人口', '公民信息', '身份核验', '户籍'],
  },
  verification: {
    name: '人口身份核验',
    fields: {
      citizenId: { item: 'citizen_id', required: true },
      name: { item: 'name', required: true },
      birthDate: { item: 'birth_date', required: false },
    },
  },
  verificationCatalog: {
    name: '人口身份核验服务',
    classification: { category: 'base', item: '01', group: '002', groupLabel: '身份核验' },
    summary: '核验公民身份号码与姓名（及出生日期）是否一致，仅返回一致、不一致或查无此人，不披露其他信息。',
    conditions: '经申请批准，用于办理业务时核验当事人身份',
    legalBasis: '《中华人民共和国居民身份证法》; 《中华人民共和国个人信息保护法》第十三条',
    keywords: ['身份核验', '人口'],
  },
  normalizeKey(key) {
    const checked = validateCitizenId(key);
    return checked.ok
      ? { ok: true, key: checked.value.id }
      : { ok: false, violation: { field: 'citizen_id', rule: checked.reason, message: checked.message } };
  },
  derive(key, record) {
    const id = validateCitizenId(key);
    if (!id.ok) return;
    record.sex ??= SEX_CODES[id.value.sex];
    record.birth_date ??= id.value.birthDate;
  },
  crossCheck(key, record) {
    const violations: FieldViolation[] = [];
    const id = validateCitizenId(key);
    if (!id.ok) return violations;
    if (record.sex !== SEX_CODES[id.value.sex]) {
      violations.push({ field: 'sex', rule: 'contradicts_id', message: 'the sex contradicts the citizen ID (its 17th digit)' });
    }
    if (record.birth_date !== id.value.birthDate) {
      violations.push({
        field: 'birth_date',
        rule: 'contradicts_id',
        message: 'the birth date contradicts the citizen ID (digits 7–14)',
      });
    }
    const formerNames = record.former_names;
    if (
      formerNames !== undefined &&
      !(Array.isArray(formerNames) && formerNames.every((n) => typeof n === 'string' && n.length <= 50))
    ) {
      violations.push({ field: 'former_names', rule: 'names', message: 'must be an array of names of at most 50 characters' });
    }
    return violations;
  },
};
