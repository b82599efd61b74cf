import { buildCreditCode } from '@hutong/gb-codes';
import { guangzhouAgency, type SeedDataset } from './seed-dataset';

/** An enterprise (工商: 9, 企业: 1) registered in the district. */
const enterprise = (divisionCode: string, organizationBody: string) =>
  buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode, organizationBody });

const hongtaiChemical = enterprise('440112', 'MA5L2Q7X');
const nanshaPower = enterprise('440115', 'MA5P3D8A');
const conghuaSewage = enterprise('440117', 'MA5R7F2H');

/**
 * 重点排污单位自动监测数据 (生态环境局): one record per outlet and hour (the hourly mean the online
 * monitoring system reports), keyed by 排放口编码 + 监测小时. The readings, the exceedance flag and
 * where the outlet is are shared unconditionally and disclosed to the public (企业环境信息依法披露);
 * the production load the enterprise reports with them is 有条件 (business data, for enforcement).
 * Rows are scoped by the outlet's district.
 */
export const POLLUTION_MONITORING: SeedDataset = {
  code: 'pollution-monitoring',
  provider: guangzhouAgency('广州市生态环境局', 'MB2C0105'),
  entry: {
    name: '重点排污单位自动监测数据',
    classification: { category: 'theme', item: '11', group: '001', groupLabel: '污染源监测' },
    summary:
      '本市重点排污单位废水、废气排放口自动监测设备上报的小时均值数据，按排放口和监测小时一条记录，含化学需氧量、氨氮、二氧化硫、氮氧化物、颗粒物浓度与是否超标，供各部门开展环境执法、排污许可核查、信用评价与应急处置。',
    format: 'database',
    items: [
      {
        code: 'outlet_code',
        name: '排放口编码',
        dataType: 'string',
        sharingType: 'unconditional',
        key: true,
        indexed: true,
        maxLength: 23,
        pattern: '^[0-9A-Z]{18}D[AW][0-9]{3}$',
        description: '排污单位统一社会信用代码 (18) + 排污许可排放口编号 (DW 废水, DA 废气, 三位序号)',
      },
      {
        code: 'hour',
        name: '监测小时',
        dataType: 'string',
        sharingType: 'unconditional',
        key: true,
        indexed: true,
        maxLength: 10,
        pattern: '^[0-9]{10}$',
        description: 'YYYYMMDDHH (北京时间)：该小时 HH:00–HH:59 的小时均值',
      },
      {
        code: 'enterprise_credit_code',
        name: '排污单位统一社会信用代码',
        dataType: 'credit_code',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      {
        code: 'enterprise_name',
        name: '排污单位名称',
        dataType: 'string',
        sharingType: 'unconditional',
        required: true,
        maxLength: 200,
      },
      {
        code: 'district',
        name: '排放口所在行政区划',
        dataType: 'division_code',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      {
        code: 'location',
        name: '排放口位置',
        dataType: 'geometry',
        sharingType: 'unconditional',
        required: true,
        description: 'GeoJSON Point，CGCS2000 经纬度',
      },
      {
        code: 'cod',
        name: '化学需氧量 (mg/L)',
        dataType: 'decimal',
        sharingType: 'unconditional',
        description: '废水排放口；小时均值',
      },
      {
        code: 'ammonia_nitrogen',
        name: '氨氮 (mg/L)',
        dataType: 'decimal',
        sharingType: 'unconditional',
        description: '废水排放口；小时均值',
      },
      {
        code: 'so2',
        name: '二氧化硫 (mg/m³)',
        dataType: 'decimal',
        sharingType: 'unconditional',
        description: '废气排放口；折算浓度小时均值',
      },
      {
        code: 'nox',
        name: '氮氧化物 (mg/m³)',
        dataType: 'decimal',
        sharingType: 'unconditional',
        description: '废气排放口；以 NO₂ 计，折算浓度小时均值',
      },
      {
        code: 'particulate',
        name: '颗粒物 (mg/m³)',
        dataType: 'decimal',
        sharingType: 'unconditional',
        description: '废气排放口；折算浓度小时均值',
      },
      {
        code: 'exceeded',
        name: '是否超标',
        dataType: 'boolean',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
        description: '任一因子小时均值超过排污许可证载明的排放限值',
      },
      {
        code: 'monitored_at',
        name: '数据上报时间',
        dataType: 'datetime',
        sharingType: 'unconditional',
        required: true,
        indexed: true,
      },
      {
        code: 'production_load',
        name: '生产负荷 (%)',
        dataType: 'decimal',
        sensitive: true,
        sharingType: 'conditional',
        description: '监测时段企业自报的生产负荷，占设计产能的百分比',
      },
    ],
    sharing: {
      type: 'conditional',
      conditions: '监测数据与超标情况向各部门无条件共享；企业自报的生产负荷仅用于环境执法、排污许可核查与信用评价',
      methods: ['api', 'event', 'file'],
      legalBasis:
        '《中华人民共和国环境保护法》第四十二条、第五十五条; 《排污许可管理条例》第二十条; 《企业环境信息依法披露管理办法》',
    },
    openAccess: { open: true, conditions: '监测数据与超标情况依法向社会公开；生产负荷不公开' },
    updateCycle: 'realtime',
    securityLevel: 2,
    authoritativeSource: true,
    administrativeLevel: 'city',
    scopeItem: 'district',
    keywords: ['污染源', '在线监测', '自动监测', '排污许可', '超标'],
  },
  records: [
    {
      outlet_code: `${hongtaiChemical}DW001`,
      hour: '2026112010',
      enterprise_credit_code: hongtaiChemical,
      enterprise_name: '广州黄埔宏泰化工有限公司',
      district: '440112',
      location: { type: 'Point', coordinates: [113.4968, 23.1061] },
      cod: '128.40',
      ammonia_nitrogen: '6.21',
      exceeded: true,
      monitored_at: '2026-11-20T11:00:05+08:00',
      production_load: '92.5',
    },
    {
      outlet_code: `${hongtaiChemical}DW001`,
      hour: '2026112009',
      enterprise_credit_code: hongtaiChemical,
      enterprise_name: '广州黄埔宏泰化工有限公司',
      district: '440112',
      location: { type: 'Point', coordinates: [113.4968, 23.1061] },
      cod: '62.30',
      ammonia_nitrogen: '4.87',
      exceeded: false,
      monitored_at: '2026-11-20T10:00:04+08:00',
      production_load: '88.0',
    },
    {
      outlet_code: `${nanshaPower}DA001`,
      hour: '2026112010',
      enterprise_credit_code: nanshaPower,
      enterprise_name: '广州南沙粤海热电有限公司',
      district: '440115',
      location: { type: 'Point', coordinates: [113.5921, 22.7532] },
      so2: '12.6',
      nox: '38.9',
      particulate: '2.1',
      exceeded: false,
      monitored_at: '2026-11-20T11:00:12+08:00',
      production_load: '76.0',
    },
    {
      outlet_code: `${conghuaSewage}DW001`,
      hour: '2026112010',
      enterprise_credit_code: conghuaSewage,
      enterprise_name: '广州从化明珠污水处理有限公司',
      district: '440117',
      location: { type: 'Point', coordinates: [113.5862, 23.5489] },
      cod: '18.50',
      ammonia_nitrogen: '0.82',
      exceeded: false,
      monitored_at: '2026-11-20T11:00:09+08:00',
    },
  ],
};
