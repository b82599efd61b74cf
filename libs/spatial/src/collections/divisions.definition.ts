import { divisionLevel, validateDivisionCode } from '@hutong/gb-codes';
import type { FieldViolation } from '@hutong/platform';
import { FEATURE_GROUP, geometryItem, spatialDefinition } from './spatial-definition';

export const DIVISION_LEVELS = ['province', 'prefecture', 'county'];

/**
 * 行政区划: the boundary polygons of GB/T 2260 divisions. They are also what a row scope means on
 * the map: a consumer scoped to 440106 sees the features that lie in 440106's polygon.
 */
export const SPATIAL_DIVISIONS = spatialDefinition({
  code: 'spatial-divisions',
  entity: 'division',
  keyItem: 'division_code',
  keyRule: (key) => {
    const checked = validateDivisionCode(key, { allowHistorical: true });
    return checked.ok ? undefined : { field: 'division_code', rule: checked.reason, message: checked.message };
  },
  scopeItem: 'division_code',
  nameItems: ['name'],
  items: [
    {
      code: 'division_code',
      name: '行政区划代码',
      dataType: 'division_code',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      key: true,
      required: true,
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
    {
      code: 'level',
      name: '级别',
      dataType: 'enum',
      group: FEATURE_GROUP,
      sharingType: 'unconditional',
      required: true,
      enumValues: DIVISION_LEVELS,
      description: 'province 省级 / prefecture 地级 / county 县级',
    },
    { code: 'parent_code', name: '上级区划代码', dataType: 'division_code', group: FEATURE_GROUP, sharingType: 'unconditional' },
    geometryItem('边界', ['Polygon', 'MultiPolygon']),
    { code: 'effective_date', name: '启用日期', dataType: 'date', group: FEATURE_GROUP, sharingType: 'unconditional' },
  ],
  catalog: {
    name: '行政区划边界',
    classification: { category: 'base', item: '03', group: '001', groupLabel: '行政区划' },
    summary: '全市 1:2000 行政区划边界（省、市、区县），GB/T 2260 代码、级别、上级区划与启用日期。',
    conditions: '无条件共享',
    legalBasis: '《中华人民共和国测绘法》; 国发〔2016〕51号 第十条',
    keywords: ['空间地理', '行政区划', '边界'],
  },
  crossCheck(key, record) {
    const violations: FieldViolation[] = [];
    if (record.level !== undefined && record.level !== divisionLevel(key)) {
      violations.push({ field: 'level', rule: 'level', message: `the code ${key} is of level ${divisionLevel(key)}` });
    }
    const parent = record.parent_code;
    if (typeof parent === 'string' && !isAncestor(parent, key)) {
      violations.push({ field: 'parent_code', rule: 'parent', message: `${parent} does not contain ${key}` });
    }
    return violations;
  },
});

function isAncestor(parent: string, child: string): boolean {
  const prefix = parent.endsWith('0000') ? parent.slice(0, 2) : parent.endsWith('00') ? parent.slice(0, 4) : parent;
  return parent !== child && child.startsWith(prefix);
}
