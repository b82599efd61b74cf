import { validateCitizenId, validateCreditCode } from '@hutong/gb-codes';
import type { FieldViolation } from '@hutong/platform';
import type { RegistryDefinition, RegistryItem } from '../kit/registry-definition';
import { isRealDate } from '../kit/item-values';

/** 市场主体 / 单位 types: enterprise, institution (事业单位), social organisation, individual business, state organ, other. */
export const ENTITY_TYPES = ['enterprise', 'institution', 'social_organization', 'individual_business', 'state_organ', 'other'];
/** 登记状态: 存续 (in business), 吊销 (licence revoked), 注销 (deregistered), 迁出 (moved out). */
export const LEGAL_PERSON_STATUSES = ['存续', '吊销', '注销', '迁出'];

const U = 'unconditional' as const;
const C = 'conditional' as const;

/**
 * The legal person's 信息项: what the business licence shows is 无条件共享; the representative's ID
 * number, capital and scope details, and the tax registrations contributed by the tax authorities
 * (B3: 国税 and 地税 both register every taxpayer) are 有条件.
 */
const ITEMS: RegistryItem[] = [
  {
    code: 'credit_code',
    name: '统一社会信用代码',
    dataType: 'credit_code',
    group: 'registration',
    sharingType: U,
    key: true,
    required: true,
  },
  { code: 'name', name: '名称', dataType: 'string', group: 'registration', sharingType: U, required: true, maxLength: 200 },
  {
    code: 'former_names',
    name: '曾用名',
    dataType: 'object',
    group: 'registration',
    sharingType: U,
    description: 'JSON array of names',
  },
  {
    code: 'entity_type',
    name: '主体类型',
    dataType: 'enum',
    group: 'registration',
    sharingType: U,
    required: true,
    enumValues: ENTITY_TYPES,
  },
  { code: 'legal_representative', name: '法定代表人', dataType: 'string', group: 'registration', sharingType: U, maxLength: 50 },
  {
    code: 'legal_representative_id',
    name: '法定代表人身份证号',
    dataType: 'citizen_id',
    group: 'registration',
    sharingType: C,
    sensitive: true,
  },
  { code: 'registered_capital', name: '注册资本', dataType: 'decimal', group: 'registration', sharingType: C },
  {
    code: 'capital_currency',
    name: '注册资本币种',
    dataType: 'string',
    group: 'registration',
    sharingType: C,
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217, e.g. CNY',
  },
  { code: 'established_on', name: '成立日期', dataType: 'date', group: 'registration', sharingType: U },
  { code: 'business_term_from', name: '营业期限自', dataType: 'date', group: 'registration', sharingType: C },
  {
    code: 'business_term_to',
    name: '营业期限至',
    dataType: 'date',
    group: 'registration',
    sharingType: C,
    description: 'absent = 长期',
  },
  { code: 'registered_address', name: '住所', dataType: 'string', group: 'registration', sharingType: U, maxLength: 200 },
  {
    code: 'registered_division',
    name: '住所行政区划',
    dataType: 'division_code',
    group: 'registration',
    sharingType: U,
    required: true,
    description: 'GB/T 2260; grants scope rows by it',
  },
  {
    code: 'industry',
    name: '行业',
    dataType: 'string',
    group: 'registration',
    sharingType: U,
    pattern: '^[A-T]([0-9]{2}([0-9]{1,2})?)?$',
    description: 'GB/T 4754-2017: section letter, then division/group/class digits',
  },
  { code: 'business_scope', name: '经营范围', dataType: 'string', group: 'registration', sharingType: C, maxLength: 4000 },
  { code: 'registration_authority', name: '登记机关', dataType: 'string', group: 'registration', sharingType: U, maxLength: 100 },
  {
    code: 'status',
    name: '登记状态',
    dataType: 'enum',
    group: 'status',
    sharingType: U,
    required: true,
    enumValues: LEGAL_PERSON_STATUSES,
  },
  { code: 'status_date', name: '状态变更日期', dataType: 'date', group: 'status', sharingType: U },
  {
    code: 'tax_registrations',
    name: '税务登记',
    dataType: 'object',
    group: 'tax',
    sharingType: C,
    description: 'JSON array of {authority, registeredOn, status}',
  },
];

export const LEGAL_PERSONS: RegistryDefinition = {
  code: 'legal-persons',
  entity: 'legal-person',
  subjectKind: 'organization',
  keyItem: 'credit_code',
  scopeItem: 'registered_division',
  nameItems: ['name', 'former_names'],
  status: { item: 'status', dateItem: 'status_date', initial: '存续', cancelled: '注销' },
  groups: [
    { code: 'registration', label: '登记 (市场监管、编办、民政)' },
    { code: 'status', label: '登记状态' },
    { code: 'tax', label: '税务登记' },
  ],
  items: ITEMS,
  catalog: {
    name: '法人单位基础信息',
    classification: { category: 'base', item: '02', group: '001', groupLabel: '法人单位基础信息' },
    summary: '全市法人单位基础信息库：企业、事业单位、社会组织、个体工商户的登记、法定代表人、注册资本、行业和税务登记信息。',
    conditions: '营业执照公示信息无条件共享；法定代表人身份证号、注册资本、经营范围及税务登记经申请批准后使用',
    legalBasis: '《企业信息公示暂行条例》; 《中华人民共和国个人信息保护法》; 国发〔2016〕51号 第十条',
    keywords: ['法人', '企业', '统一社会信用代码', '市场主体'],
  },
  verification: {
    name: '法人核验',
    fields: {
      creditCode: { item: 'credit_code', required: true },
      name: { item: 'name', required: true },
      legalRepresentative: { item: 'legal_representative', required: false },
    },
  },
  verificationCatalog: {
    name: '法人信息核验服务',
    classification: { category: 'base', item: '02', group: '002', groupLabel: '法人核验' },
    summary: '核验统一社会信用代码与名称（及法定代表人）是否一致，仅返回一致、不一致或查无此单位。',
    conditions: '经申请批准，用于办理业务时核验市场主体',
    legalBasis: '《企业信息公示暂行条例》',
    keywords: ['法人核验', '法人'],
  },
  normalizeKey(key) {
    const checked = validateCreditCode(key);
    return checked.ok
      ? { ok: true, key: checked.value.code }
      : { ok: false, violation: { field: 'credit_code', rule: checked.reason, message: checked.message } };
  },
  derive() {
    // Nothing follows from a credit code that the registry records.
  },
  crossCheck(_key, record) {
    const violations: FieldViolation[] = [];
    const representativeId = record.legal_representative_id;
    if (typeof representativeId === 'string' && !validateCitizenId(representativeId).ok) {
      violations.push({ field: 'legal_representative_id', rule: 'citizen_id', message: 'not a valid citizen ID' });
    }
    const from = record.business_term_from;
    const to = record.business_term_to;
    if (typeof from === 'string' && typeof to === 'string' && to < from) {
      violations.push({ field: 'business_term_to', rule: 'order', message: 'the business term ends before it starts' });
    }
    if ((record.registered_capital === undefined) !== (record.capital_currency === undefined)) {
      violations.push({ field: 'capital_currency', rule: 'paired', message: 'registered capital and its currency go together' });
    }
    violations.push(...taxRegistrationViolations(record.tax_registrations));
    return violations;
  },
};

function taxRegistrationViolations(value: unknown): FieldViolation[] {
  if (value === undefined) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as { authority?: unknown }).authority === 'string' &&
        typeof (entry as { registeredOn?: unknown }).registeredOn === 'string' &&
        isRealDate((entry as { registeredOn: string }).registeredOn),
    );
  return valid
    ? []
    : [
        {
          field: 'tax_registrations',
          rule: 'tax_registrations',
          message: 'must be an array of {authority, registeredOn (YYYY-MM-DD), status?}',
        },
      ];
}
