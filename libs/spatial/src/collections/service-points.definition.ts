import { divisionCodeItem, FEATURE_GROUP, geometryItem, spatialDefinition } from './spatial-definition';

/** Kinds of 政务服务点: service hall, community station, police station, social-insurance office, clinic, other. */
export const SERVICE_TYPES = ['service_center', 'community_station', 'police_station', 'social_insurance', 'health', 'other'];

/** 政务服务网点: where residents go in person — the map behind "nearest service hall". */
export const SPATIAL_SERVICE_POINTS = spatialDefinition({
  code: 'spatial-service-points',
  entity: 'service-point',
  keyItem: 'point_id',
  keyRule: { pattern: /^[0-9A-Za-z_-]{4,40}$/, message: 'a service point id is 4–40 letters, digits, _ or -' },
  scopeItem: 'division_code',
  nameItems: ['name'],
  items: [
    {
      code: 'point_id',
      name: '网点编码',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      key: true,
      required: true,
      maxLength: 40,
    },
    {
      code: 'name',
      name: '名称',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      required: true,
      maxLength: 100,
    },
    { code: 'agency', name: '主管部门', dataType: 'string', group: FEATURE_GROUP, sharingType: 'unconditional', maxLength: 100 },
    {
      code: 'service_type',
      name: '服务类型',
      dataType: 'enum',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      required: true,
      enumValues: SERVICE_TYPES,
    },
    {
      code: 'opening_hours',
      name: '办公时间',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      maxLength: 200,
      description: 'OpenStreetMap opening_hours syntax, e.g. "Mo-Fr 09:00-12:00,14:00-17:30"',
    },
    { code: 'address', name: '地址', dataType: 'string', group: FEATURE_GROUP, sharingType: 'unconditional', maxLength: 200 },
    divisionCodeItem(),
    geometryItem('位置', ['Point']),
    { code: 'opened_date', name: '启用日期', dataType: 'date', group: FEATURE_GROUP, sharingType: 'unconditional' },
  ],
  catalog: {
    name: '政务服务网点',
    classification: { category: 'base', item: '03', group: '004', groupLabel: '公共服务设施' },
    summary: '全市政务服务中心、社区服务站、派出所、社保经办、医疗卫生等服务网点的位置、类型与办公时间。',
    conditions: '无条件共享',
    legalBasis: '国发〔2016〕51号 第十条',
    keywords: ['空间地理', '政务服务', '网点'],
  },
});
