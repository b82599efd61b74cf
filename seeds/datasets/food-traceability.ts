import { buildCreditCode } from '@hutong/gb-codes';
import { guangzhouAgency, type SeedDataset } from './seed-dataset';

/** An enterprise (工商: 9, 企业: 1) registered in the district. */
const enterprise = (divisionCode: string, organizationBody: string) =>
  buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode, organizationBody });
/** A farmers' cooperative (工商: 9, 农民专业合作社: 3) registered in the county. */
const cooperative = (divisionCode: string, organizationBody: string) =>
  buildCreditCode({ registrationAuthority: '9', entityCategory: '3', divisionCode, organizationBody });
/** 追溯码: the origin's division code, the production date (YYYYMMDD) and a six-digit serial — 20 characters. */
const traceCode = (origin: string, productionDate: string, serial: number) =>
  `${origin}${productionDate.replaceAll('-', '')}${String(serial).padStart(6, '0')}`;

const zengchengGreens = cooperative('440118', 'MA59R3K2');
const panyuMeat = enterprise('440113', 'MA5E8Q1N');
const shouguangFarm = cooperative('370783', 'MA3C7T5D');
const xilingolDairy = enterprise('152500', 'MA0N4H6L');
const xuwenFarm = cooperative('440825', 'MA4W2B8G');
const jiangnanMarket = enterprise('440111', '19052817');
const haizhuSupermarket = enterprise('440105', 'MA5K9U3F');
const tianheSupermarket = enterprise('440106', 'MA5N6Y4R');

/**
 * 食品安全追溯信息 (市场监管局): one record per traceable batch unit, keyed by its 追溯码. What the
 * product is, who made it, where it comes from and whether it passed inspection is shared with every
 * agency (无条件); where it went — the current holder and the route through wholesale and retail — is
 * 有条件 (commercial data, for 监管、召回与应急处置). Rows are scoped by the current holder's district.
 */
export const FOOD_TRACEABILITY: SeedDataset = {
  code: 'food-traceability',
  provider: guangzhouAgency('广州市市场监督管理局', 'MB2C0104'),
  entry: {
    name: '食品安全追溯信息',
    classification: { category: 'theme', item: '04', group: '001', groupLabel: '食品安全追溯' },
    summary:
      '进入本市流通的重点食品和食用农产品的追溯信息，按追溯码一条记录，含产品、生产经营者、生产批号、产地、检验结果、当前持有者与流通环节，供各部门开展食品安全监管、问题食品召回和应急处置。',
    format: 'database',
    items: [
      {
        code: 'trace_code',
        name: '追溯码',
        dataType: 'string',
        sharingType: 'unconditional',
        key: true,
        indexed: true,
        maxLength: 20,
        pattern: '^[0-9A-Z]{20}$',
        description: '产地行政区划代码 (6) + 生产日期 YYYYMMDD (8) + 流水号 (6)',
      },
      {
        code: 'product_name',
        name: '产品名称',
        dataType: 'string',
        sharingType: 'unconditional',
        required: true,
        maxLength: 100,
      },
      {
        code: 'category',
        name: '食品类别',
        dataType: 'enum',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        enumValues: ['vegetable', 'fruit', 'meat', 'aquatic', 'egg', 'dairy', 'grain_oil', 'processed'],
        description:
          'vegetable 蔬菜, fruit 水果, meat 畜禽肉类, aquatic 水产品, egg 蛋类, dairy 乳制品, grain_oil 粮油, processed 其他加工食品',
      },
      {
        code: 'producer_credit_code',
        name: '生产者统一社会信用代码',
        dataType: 'credit_code',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      {
        code: 'batch_number',
        name: '生产批号',
        dataType: 'string',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        maxLength: 40,
      },
      {
        code: 'production_date',
        name: '生产日期',
        dataType: 'date',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      { code: 'shelf_life_days', name: '保质期(天)', dataType: 'integer', sharingType: 'unconditional' },
      {
        code: 'origin',
        name: '产地行政区划',
        dataType: 'division_code',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        description: '种植、养殖或生产加工地的县级行政区划代码 (不限本市)',
      },
      {
        code: 'inspection_result',
        name: '检验结果',
        dataType: 'enum',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        enumValues: ['qualified', 'unqualified', 'pending', 'certified'],
        description: 'qualified 检验合格, unqualified 检验不合格, pending 待检, certified 凭产地合格证准出 (未抽检)',
      },
      { code: 'inspected_at', name: '检验时间', dataType: 'datetime', sharingType: 'unconditional', indexed: true },
      {
        code: 'holder_credit_code',
        name: '当前持有者统一社会信用代码',
        dataType: 'credit_code',
        sharingType: 'conditional',
        required: true,
        indexed: true,
      },
      {
        code: 'holder_name',
        name: '当前持有者名称',
        dataType: 'string',
        sharingType: 'conditional',
        required: true,
        maxLength: 200,
      },
      {
        code: 'holder_district',
        name: '当前持有者所在行政区划',
        dataType: 'division_code',
        sharingType: 'conditional',
        required: true,
        indexed: true,
      },
      {
        code: 'route',
        name: '流通环节',
        dataType: 'object',
        sharingType: 'conditional',
        description:
          '按时间先后的环节数组，每个环节 {holder: 统一社会信用代码, name: 名称, role: producer 生产 | wholesaler 批发 | retailer 零售, at: 入库时间 (RFC 3339)}',
      },
    ],
    sharing: {
      type: 'conditional',
      conditions:
        '产品、生产者、产地与检验结果向各部门无条件共享；当前持有者与流通环节仅用于食品安全监管、问题食品召回、应急处置与案件查办',
      methods: ['api', 'event', 'file'],
      legalBasis:
        '《中华人民共和国食品安全法》第四十二条、第六十三条; 《中华人民共和国食品安全法实施条例》第十八条; 国发〔2016〕51号',
    },
    openAccess: { open: false },
    updateCycle: 'realtime',
    securityLevel: 2,
    authoritativeSource: true,
    administrativeLevel: 'city',
    scopeItem: 'holder_district',
    keywords: ['食品安全', '追溯', '食用农产品', '市场监管'],
  },
  records: [
    {
      trace_code: traceCode('440118', '2026-11-18', 153),
      product_name: '增城迟菜心',
      category: 'vegetable',
      producer_credit_code: zengchengGreens,
      batch_number: 'ZC20261118-01',
      production_date: '2026-11-18',
      shelf_life_days: 5,
      origin: '440118',
      inspection_result: 'qualified',
      inspected_at: '2026-11-18T06:20:00+08:00',
      holder_credit_code: haizhuSupermarket,
      holder_name: '广州海珠惠民生鲜超市有限公司',
      holder_district: '440105',
      route: [
        { holder: zengchengGreens, name: '广州增城绿源蔬菜专业合作社', role: 'producer', at: '2026-11-18T05:00:00+08:00' },
        {
          holder: jiangnanMarket,
          name: '广州江南果菜批发市场经营管理有限公司',
          role: 'wholesaler',
          at: '2026-11-18T07:40:00+08:00',
        },
        { holder: haizhuSupermarket, name: '广州海珠惠民生鲜超市有限公司', role: 'retailer', at: '2026-11-18T10:15:00+08:00' },
      ],
    },
    {
      trace_code: traceCode('440113', '2026-11-19', 20871),
      product_name: '冷鲜猪肉 (前腿肉)',
      category: 'meat',
      producer_credit_code: panyuMeat,
      batch_number: 'PY-20261119-A03',
      production_date: '2026-11-19',
      shelf_life_days: 3,
      origin: '440113',
      inspection_result: 'qualified',
      inspected_at: '2026-11-19T03:45:00+08:00',
      holder_credit_code: tianheSupermarket,
      holder_name: '广州天河优选超市有限公司',
      holder_district: '440106',
      route: [
        { holder: panyuMeat, name: '广州番禺肉类联合加工有限公司', role: 'producer', at: '2026-11-19T02:30:00+08:00' },
        { holder: tianheSupermarket, name: '广州天河优选超市有限公司', role: 'retailer', at: '2026-11-19T06:10:00+08:00' },
      ],
    },
    {
      trace_code: traceCode('370783', '2026-11-17', 4410),
      product_name: '番茄',
      category: 'vegetable',
      producer_credit_code: shouguangFarm,
      batch_number: 'SG1117-0442',
      production_date: '2026-11-17',
      shelf_life_days: 10,
      origin: '370783',
      inspection_result: 'pending',
      holder_credit_code: jiangnanMarket,
      holder_name: '广州江南果菜批发市场经营管理有限公司',
      holder_district: '440111',
      route: [
        { holder: shouguangFarm, name: '寿光市田园蔬菜专业合作社', role: 'producer', at: '2026-11-17T16:00:00+08:00' },
        {
          holder: jiangnanMarket,
          name: '广州江南果菜批发市场经营管理有限公司',
          role: 'wholesaler',
          at: '2026-11-19T04:30:00+08:00',
        },
      ],
    },
    {
      trace_code: traceCode('152500', '2026-10-28', 381),
      product_name: '纯牛奶 250mL×12',
      category: 'dairy',
      producer_credit_code: xilingolDairy,
      batch_number: '20261028B2',
      production_date: '2026-10-28',
      shelf_life_days: 180,
      origin: '152500',
      inspection_result: 'certified',
      holder_credit_code: tianheSupermarket,
      holder_name: '广州天河优选超市有限公司',
      holder_district: '440106',
      route: [
        { holder: xilingolDairy, name: '锡林郭勒草原乳业有限公司', role: 'producer', at: '2026-10-28T18:00:00+08:00' },
        { holder: tianheSupermarket, name: '广州天河优选超市有限公司', role: 'retailer', at: '2026-11-06T09:00:00+08:00' },
      ],
    },
    {
      trace_code: traceCode('440825', '2026-11-16', 72),
      product_name: '豇豆',
      category: 'vegetable',
      producer_credit_code: xuwenFarm,
      batch_number: 'XW-1116-07',
      production_date: '2026-11-16',
      shelf_life_days: 4,
      origin: '440825',
      inspection_result: 'unqualified',
      inspected_at: '2026-11-17T05:30:00+08:00',
      holder_credit_code: jiangnanMarket,
      holder_name: '广州江南果菜批发市场经营管理有限公司',
      holder_district: '440111',
      route: [
        { holder: xuwenFarm, name: '徐闻县南山瓜菜专业合作社', role: 'producer', at: '2026-11-16T15:00:00+08:00' },
        {
          holder: jiangnanMarket,
          name: '广州江南果菜批发市场经营管理有限公司',
          role: 'wholesaler',
          at: '2026-11-17T04:10:00+08:00',
        },
      ],
    },
  ],
};
