/**
 * Catalog entries as providers write them, shared by the tests and the benchmarks (no test-runner
 * imports here, so the benchmark processes can load it).
 */

/** A population-registry style entry: basic items unconditional, the rest conditional, rows scoped by residence. */
export function populationEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '人口基础信息',
    classification: { category: 'base', item: '01', group: '001', groupLabel: '户籍人口' },
    summary: '全市户籍人口与常住人口的基础信息，由市公安局提供，供各部门核验身份。',
    format: 'database',
    items: [
      {
        code: 'citizen_id',
        name: '公民身份号码',
        dataType: 'citizen_id',
        sensitive: true,
        sharingType: 'unconditional',
        key: true,
      },
      { code: 'name', name: '姓名', dataType: 'string', sensitive: true, sharingType: 'unconditional', maxLength: 50 },
      { code: 'birth_date', name: '出生日期', dataType: 'date', sharingType: 'unconditional' },
      { code: 'residence_division', name: '居住地行政区划', dataType: 'division_code', sharingType: 'conditional' },
      { code: 'marital_status', name: '婚姻状况', dataType: 'enum', sharingType: 'conditional', enumValues: ['未婚', '已婚'] },
      { code: 'household_address', name: '户籍地址', dataType: 'string', sensitive: true, sharingType: 'conditional' },
      { code: 'case_notes', name: '案件备注', dataType: 'string', sharingType: 'none' },
    ],
    sharing: {
      type: 'conditional',
      conditions: '用于法定职责范围内的身份核验与业务协同',
      methods: ['api', 'event'],
      legalBasis: '《中华人民共和国居民身份证法》; 国发〔2016〕51号 第十条',
    },
    openAccess: { open: false },
    updateCycle: 'realtime',
    securityLevel: 3,
    authoritativeSource: true,
    administrativeLevel: 'city',
    scopeItem: 'residence_division',
    keywords: ['人口', '身份核验'],
    ...overrides,
  };
}

/** A small open, unconditional entry (e.g. statistics) that harvesters may see. */
export function openStatisticsEntry(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    classification: { category: 'base', item: '06', group: '001', groupLabel: '国民经济核算' },
    summary: `${name}：统计局发布的年度指标，向社会开放。`,
    format: 'spreadsheet',
    items: [
      { code: 'indicator', name: '指标代码', dataType: 'string', sharingType: 'unconditional', key: true },
      { code: 'period', name: '统计期', dataType: 'string', sharingType: 'unconditional', key: true },
      { code: 'value', name: '数值', dataType: 'decimal', sharingType: 'unconditional' },
    ],
    sharing: { type: 'unconditional', methods: ['api', 'file'] },
    openAccess: { open: true },
    updateCycle: 'annual',
    securityLevel: 2,
    administrativeLevel: 'city',
    ...overrides,
  };
}
