import type { FieldViolation } from '@hutong/platform';
import { divisionCodeItem, FEATURE_GROUP, geometryItem, spatialDefinition } from './spatial-definition';

/**
 * 宗地: land parcels with their cadastral code (GB/T 13923: division 6 digits, cadastral zone and
 * sub-zone 3 + 3, ownership and type 2 letters, sequence 5 digits), land-use class (GB/T 21010) and
 * area in square metres. Boundaries, use class and area are 有条件 (they feed valuation and tax).
 */
export const SPATIAL_PARCELS = spatialDefinition({
  code: 'spatial-parcels',
  entity: 'parcel',
  keyItem: 'parcel_code',
  keyRule: {
    pattern: /^\d{12}[A-Z]{2}\d{5}$/,
    message: 'a parcel code (宗地代码) is 12 digits, 2 capital letters and 5 digits',
  },
  scopeItem: 'division_code',
  nameItems: [],
  items: [
    {
      code: 'parcel_code',
      name: '宗地代码',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      key: true,
      required: true,
      maxLength: 19,
    },
    divisionCodeItem(),
    {
      code: 'land_use',
      name: '土地用途',
      dataType: 'string',
      group: FEATURE_GROUP,
      sharingType: 'conditional',
      pattern: '^\\d{2}(\\d{2})?$',
      description: 'GB/T 21010 一级 (2 位) 或二级 (4 位) 地类代码',
    },
    { code: 'area', name: '面积（平方米）', dataType: 'decimal', group: FEATURE_GROUP, sharingType: 'conditional' },
    geometryItem('宗地界址', ['Polygon', 'MultiPolygon'], 'conditional'),
    { code: 'registered_date', name: '登记日期', dataType: 'date', group: FEATURE_GROUP, sharingType: 'unconditional' },
  ],
  catalog: {
    name: '宗地',
    classification: { category: 'base', item: '03', group: '003', groupLabel: '地籍' },
    summary: '全市 1:2000 宗地界址、宗地代码、土地用途与面积。',
    conditions: '宗地代码无条件共享；宗地界址、土地用途与面积经申请批准后使用，可按区县限定范围',
    legalBasis: '《不动产登记暂行条例》; 国发〔2016〕51号 第十条',
    keywords: ['空间地理', '宗地', '地籍', '土地'],
  },
  crossCheck(key, record) {
    const violations: FieldViolation[] = [];
    if (typeof record.division_code === 'string' && !key.startsWith(record.division_code)) {
      violations.push({ field: 'division_code', rule: 'parcel_code', message: 'a parcel code starts with its division code' });
    }
    if (typeof record.area === 'string' && Number(record.area) <= 0) {
      violations.push({ field: 'area', rule: 'positive', message: 'the area must be positive' });
    }
    return violations;
  },
});
