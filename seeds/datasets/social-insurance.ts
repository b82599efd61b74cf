import { buildCitizenId, buildCreditCode } from '@hutong/gb-codes';
import { guangzhouAgency, type SeedDataset } from './seed-dataset';

const person = (divisionCode: string, birthDate: string, sequence: number) =>
  buildCitizenId({ divisionCode, birthDate, sequence });
/** An enterprise (工商: 9, 企业: 1) registered in the district. */
const employer = (divisionCode: string, organizationBody: string) =>
  buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode, organizationBody });

/**
 * 社会保险参保记录 (人社局): one record per insured person and insurance type (养老, 医疗, 失业, 工伤,
 * 生育), keyed by 公民身份号码 + 险种. Whether someone is insured is shared with every agency that
 * needs it (无条件); wages, contributions and the employer are 有条件 (人社 data is personal income
 * data); rows are scoped by the district of the insuring office.
 */
export const SOCIAL_INSURANCE: SeedDataset = {
  code: 'social-insurance',
  provider: guangzhouAgency('广州市人力资源和社会保障局', 'MB2C0101'),
  entry: {
    name: '社会保险参保记录',
    classification: { category: 'theme', item: '03', group: '001', groupLabel: '社会保险' },
    summary:
      '全市职工与城乡居民的社会保险参保登记与缴费记录，按参保人和险种一条记录，供各部门核实参保状态、办理社会救助和人才服务。',
    format: 'database',
    items: [
      {
        code: 'citizen_id',
        name: '公民身份号码',
        dataType: 'citizen_id',
        sensitive: true,
        sharingType: 'unconditional',
        key: true,
        indexed: true,
      },
      {
        code: 'insurance_type',
        name: '险种',
        dataType: 'enum',
        sharingType: 'unconditional',
        key: true,
        indexed: true,
        enumValues: ['pension', 'medical', 'unemployment', 'work_injury', 'maternity'],
        description: 'pension 养老, medical 医疗, unemployment 失业, work_injury 工伤, maternity 生育',
      },
      {
        code: 'insured_name',
        name: '参保人姓名',
        dataType: 'string',
        sensitive: true,
        sharingType: 'unconditional',
        required: true,
        maxLength: 50,
      },
      {
        code: 'insured_status',
        name: '参保状态',
        dataType: 'enum',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        enumValues: ['paying', 'suspended', 'terminated'],
        description: 'paying 正常缴费, suspended 暂停缴费, terminated 终止参保',
      },
      { code: 'insured_since', name: '参保日期', dataType: 'date', sharingType: 'unconditional', required: true, indexed: true },
      {
        code: 'district',
        name: '参保地行政区划',
        dataType: 'division_code',
        sharingType: 'conditional',
        required: true,
        indexed: true,
      },
      {
        code: 'employer_credit_code',
        name: '参保单位统一社会信用代码',
        dataType: 'credit_code',
        sharingType: 'conditional',
        indexed: true,
      },
      { code: 'contribution_base', name: '缴费基数(元/月)', dataType: 'decimal', sensitive: true, sharingType: 'conditional' },
      { code: 'paid_months', name: '累计缴费月数', dataType: 'integer', sharingType: 'conditional', indexed: true },
      { code: 'last_paid_at', name: '最近缴费时间', dataType: 'datetime', sharingType: 'conditional', indexed: true },
      { code: 'is_flexible_employment', name: '是否灵活就业', dataType: 'boolean', sharingType: 'conditional' },
    ],
    sharing: {
      type: 'conditional',
      conditions: '参保状态向各部门无条件共享；缴费基数、单位与缴费明细仅用于社会救助审核、人才服务与法定职责范围内的核查',
      methods: ['api', 'event', 'file'],
      legalBasis: '《中华人民共和国社会保险法》第七十四条; 国发〔2016〕51号',
    },
    openAccess: { open: false },
    updateCycle: 'daily',
    securityLevel: 3,
    authoritativeSource: true,
    administrativeLevel: 'city',
    scopeItem: 'district',
    keywords: ['社会保险', '参保', '人社'],
  },
  records: [
    {
      citizen_id: person('440106', '1985-03-12', 31),
      insurance_type: 'pension',
      insured_name: '陈志强',
      insured_status: 'paying',
      insured_since: '2008-07-01',
      district: '440106',
      employer_credit_code: employer('440106', 'MA5CK2N1'),
      contribution_base: '8650.00',
      paid_months: 196,
      last_paid_at: '2026-10-15T09:30:00+08:00',
      is_flexible_employment: false,
    },
    {
      citizen_id: person('440106', '1985-03-12', 31),
      insurance_type: 'medical',
      insured_name: '陈志强',
      insured_status: 'paying',
      insured_since: '2008-07-01',
      district: '440106',
      employer_credit_code: employer('440106', 'MA5CK2N1'),
      contribution_base: '8650.00',
      paid_months: 196,
      last_paid_at: '2026-10-15T09:30:00+08:00',
      is_flexible_employment: false,
    },
    {
      citizen_id: person('440104', '1992-11-03', 142),
      insurance_type: 'pension',
      insured_name: '林晓雯',
      insured_status: 'suspended',
      insured_since: '2015-03-01',
      district: '440104',
      contribution_base: '5284.00',
      paid_months: 87,
      last_paid_at: '2024-06-20T10:00:00+08:00',
      is_flexible_employment: true,
    },
    {
      citizen_id: person('440111', '1968-05-21', 17),
      insurance_type: 'unemployment',
      insured_name: '黄国梁',
      insured_status: 'terminated',
      insured_since: '1999-01-01',
      district: '440111',
      employer_credit_code: employer('440111', '19048372'),
      contribution_base: '4588.00',
      paid_months: 300,
      last_paid_at: '2024-12-31T16:00:00+08:00',
      is_flexible_employment: false,
    },
  ],
};
