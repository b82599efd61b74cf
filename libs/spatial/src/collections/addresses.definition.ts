import { divisionCodeItem, FEATURE_GROUP, geometryItem, spatialDefinition } from './spatial-definition';

/**
 * 门牌地址: door-number addresses as points (the building's entrance), with the division they lie
 * in and the building they belong to. The point and the building id are 有条件: with them,
 * addresses join housing and population records — and a grant's row scope (a district's consumer
 * sees its district) only protects what is conditional.
 */
export const SPATIAL_ADDRESSES = spatialDefinition({
  code: 'spatial-addresses',
  entity: 'address',
  keyItem: 'address_id',
  keyRule: { pattern: /^[0-9A-Za-z_-]{4,40}$/, message: 'an address id is 4–40 letters, digits, _ or -' },
  scopeItem: 'division_code',
  nameItems: ['full_address'],
  items: [
    {
      code: 'address_id',
      name: '地址编码',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      key: true,
      required: true,
      maxLength: 40,
    },
    {
      code: 'full_address',
      name: '标准地址',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      required: true,
      maxLength: 200,
    },
    divisionCodeItem(),
    { code: 'street', name: '街路巷', dataType: 'string', group: FEATURE_GROUP, sharingType: 'unconditional', maxLength: 100 },
    {
      code: 'house_number',
      name: '门牌号',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      maxLength: 50,
    },
    {
      code: 'building_id',
      name: '建筑物编码',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'conditional',
      maxLength: 40,
    },
    geometryItem('门牌位置', ['Point'], 'conditional'),
    { code: 'assigned_date', name: '编制日期', dataType: 'date', group: FEATURE_GROUP, sharingType: 'unconditional' },
  ],
  catalog: {
    name: '标准地址（门牌）',
    classification: { category: 'base', item: '03', group: '002', groupLabel: '地名地址' },
    summary: '全市标准地址与门牌点位（CGCS2000），含所在区县、街路巷、门牌号与建筑物编码。',
    conditions: '标准地址文字无条件共享；门牌点位与建筑物编码经申请批准后使用，可按区县限定范围',
    legalBasis: '《地名管理条例》; 国发〔2016〕51号 第十条',
    keywords: ['空间地理', '地址', '门牌', '地名'],
  },
});
