import { buildCitizenId, buildCreditCode } from '@hutong/gb-codes';
import { guangzhouAgency, type SeedDataset } from './seed-dataset';

const person = (divisionCode: string, birthDate: string, sequence: number) =>
  buildCitizenId({ divisionCode, birthDate, sequence });
/** An enterprise (工商: 9, 企业: 1) registered in the district. */
const employer = (divisionCode: string, organizationBody: string) =>
  buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode, organizationBody });

const chen = person('440106', '1985-03-12', 31);
const lin = person('440104', '1992-11-03', 142);
const he = person('440113', '1990-07-08', 256);
const huang = person('440111', '1968-05-21', 17);

/**
 * 住房公积金缴存记录 (住房公积金管理中心): one record per depositor and deposit month, keyed by 公民身份号码 +
 * 缴存年月. Whether someone deposits, and the account status, is shared with every agency that needs
 * it (无条件, e.g. 人才引进、积分入户); the base, rates, amounts and the employer are 有条件 (personal
 * income data). Rows are scoped by the district of the depositing employer.
 */
export const HOUSING_FUND: SeedDataset = {
  code: 'housing-fund',
  provider: guangzhouAgency('广州住房公积金管理中心', 'MB2C0102'),
  entry: {
    name: '住房公积金缴存记录',
    classification: { category: 'theme', item: '03', group: '002', groupLabel: '住房公积金' },
    summary:
      '全市住房公积金缴存职工的按月缴存明细，按缴存人和缴存年月一条记录，含缴存单位、缴存基数、单位和个人缴存比例、月缴存额及账户状态，供各部门核实缴存情况、办理人才引进、积分入户、住房保障与贷款审核。',
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
        code: 'deposit_month',
        name: '缴存年月',
        dataType: 'string',
        sharingType: 'unconditional',
        key: true,
        indexed: true,
        maxLength: 7,
        pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
        description: '缴存所属年月 YYYY-MM (汇缴月份，不是入账日期)',
      },
      {
        code: 'depositor_name',
        name: '缴存人姓名',
        dataType: 'string',
        sensitive: true,
        sharingType: 'unconditional',
        required: true,
        maxLength: 50,
      },
      {
        code: 'account_status',
        name: '个人账户状态',
        dataType: 'enum',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        enumValues: ['normal', 'sealed', 'frozen', 'closed'],
        description: 'normal 正常缴存, sealed 封存 (离职未续缴), frozen 冻结 (司法或贷款冻结), closed 销户 (提取销户)',
      },
      {
        code: 'district',
        name: '缴存单位所在行政区划',
        dataType: 'division_code',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      {
        code: 'employer_credit_code',
        name: '缴存单位统一社会信用代码',
        dataType: 'credit_code',
        sharingType: 'conditional',
        required: true,
        indexed: true,
      },
      {
        code: 'employer_name',
        name: '缴存单位名称',
        dataType: 'string',
        sharingType: 'conditional',
        required: true,
        maxLength: 200,
      },
      {
        code: 'deposit_base',
        name: '缴存基数(元/月)',
        dataType: 'decimal',
        sensitive: true,
        sharingType: 'conditional',
        required: true,
        description: '职工上一年度月平均工资，在本市当年缴存基数上下限之间',
      },
      {
        code: 'employee_rate',
        name: '个人缴存比例(%)',
        dataType: 'decimal',
        sharingType: 'conditional',
        required: true,
        description: '百分数，5.00 至 12.00',
      },
      {
        code: 'employer_rate',
        name: '单位缴存比例(%)',
        dataType: 'decimal',
        sharingType: 'conditional',
        required: true,
        description: '百分数，5.00 至 12.00',
      },
      {
        code: 'deposit_amount',
        name: '月缴存额(元)',
        dataType: 'decimal',
        sensitive: true,
        sharingType: 'conditional',
        required: true,
        description: '缴存基数 × (个人比例 + 单位比例)',
      },
      { code: 'credited_at', name: '入账时间', dataType: 'datetime', sharingType: 'conditional', indexed: true },
    ],
    sharing: {
      type: 'conditional',
      conditions:
        '是否缴存与账户状态向各部门无条件共享；缴存单位、缴存基数、比例与金额仅用于住房保障、人才引进、积分入户、个人贷款审核及法定职责范围内的核查',
      methods: ['api', 'event', 'file'],
      legalBasis: '《住房公积金管理条例》第五条、第三十条; 《广州市住房公积金管理办法》; 国发〔2016〕51号',
    },
    openAccess: { open: false },
    updateCycle: 'daily',
    securityLevel: 3,
    authoritativeSource: true,
    administrativeLevel: 'city',
    scopeItem: 'district',
    keywords: ['住房公积金', '缴存', '公积金'],
  },
  records: [
    {
      citizen_id: chen,
      deposit_month: '2026-10',
      depositor_name: '陈志强',
      account_status: 'normal',
      district: '440106',
      employer_credit_code: employer('440106', 'MA5CK2N1'),
      employer_name: '广州天河数智科技有限公司',
      deposit_base: '8650.00',
      employee_rate: '10.00',
      employer_rate: '10.00',
      deposit_amount: '1730.00',
      credited_at: '2026-10-15T09:30:00+08:00',
    },
    {
      citizen_id: chen,
      deposit_month: '2026-09',
      depositor_name: '陈志强',
      account_status: 'normal',
      district: '440106',
      employer_credit_code: employer('440106', 'MA5CK2N1'),
      employer_name: '广州天河数智科技有限公司',
      deposit_base: '8650.00',
      employee_rate: '10.00',
      employer_rate: '10.00',
      deposit_amount: '1730.00',
      credited_at: '2026-09-15T09:28:41+08:00',
    },
    {
      citizen_id: lin,
      deposit_month: '2024-05',
      depositor_name: '林晓雯',
      account_status: 'sealed',
      district: '440104',
      employer_credit_code: employer('440104', 'MA5D3R8K'),
      employer_name: '广州越秀文化传媒有限公司',
      deposit_base: '5280.00',
      employee_rate: '5.00',
      employer_rate: '5.00',
      deposit_amount: '528.00',
      credited_at: '2024-05-20T10:02:13+08:00',
    },
    {
      citizen_id: he,
      deposit_month: '2026-10',
      depositor_name: '何嘉欣',
      account_status: 'frozen',
      district: '440113',
      employer_credit_code: employer('440113', 'MA5G7W2P'),
      employer_name: '广州番禺智能装备制造有限公司',
      deposit_base: '12000.00',
      employee_rate: '12.00',
      employer_rate: '12.00',
      deposit_amount: '2880.00',
      credited_at: '2026-10-10T14:45:00+08:00',
    },
    {
      citizen_id: huang,
      deposit_month: '2024-12',
      depositor_name: '黄国梁',
      account_status: 'closed',
      district: '440111',
      employer_credit_code: employer('440111', '19048372'),
      employer_name: '广州白云五金制品厂',
      deposit_base: '4580.00',
      employee_rate: '5.00',
      employer_rate: '5.00',
      deposit_amount: '458.00',
      credited_at: '2024-12-31T16:00:00+08:00',
    },
  ],
};
