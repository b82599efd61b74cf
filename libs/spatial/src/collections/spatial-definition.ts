import type { FieldViolation } from '@hutong/platform';
import type { RegistryDefinition, RegistryItem } from '@hutong/registries';

/** Every spatial collection's one attribute group: a feature is published whole by its surveying agency. */
export const FEATURE_GROUP = 'feature';
export const GEOMETRY_ITEM = 'geometry';
/** 在用 / 废止: a retired feature (a merged district, a demolished building's door number) stays in history. */
export const FEATURE_STATUSES = ['active', 'retired'];

const STATUS_ITEMS: RegistryItem[] = [
  {
    code: 'status',
    name: '状态',
    dataType: 'enum',
    group: FEATURE_GROUP,
    sharingType: 'unconditional',
    enumValues: FEATURE_STATUSES,
    description: 'active 在用 / retired 废止',
  },
  { code: 'status_date', name: '状态日期', dataType: 'date', group: FEATURE_GROUP, sharingType: 'unconditional' },
];

/** What differs between spatial collections; the rest of their registry definition is shared. */
export interface SpatialCollectionSpec {
  readonly code: string;
  readonly entity: string;
  readonly keyItem: string;
  /** How the key is written, checked before anything else (a pattern, or a check of its own). */
  readonly keyRule: { readonly pattern: RegExp; readonly message: string } | ((key: string) => FieldViolation | undefined);
  readonly scopeItem: string;
  readonly nameItems: readonly string[];
  readonly items: readonly RegistryItem[];
  readonly catalog: RegistryDefinition['catalog'];
  readonly crossCheck?: RegistryDefinition['crossCheck'];
}

/**
 * A spatial collection as a registry of the kit: one attribute group, a geometry item stored in
 * PostGIS, status active/retired, no verification service.
 */
export function spatialDefinition(spec: SpatialCollectionSpec): RegistryDefinition {
  return {
    code: spec.code,
    entity: spec.entity,
    subjectKind: 'record',
    keyItem: spec.keyItem,
    scopeItem: spec.scopeItem,
    nameItems: spec.nameItems,
    status: { item: 'status', dateItem: 'status_date', initial: 'active', cancelled: 'retired' },
    groups: [{ code: FEATURE_GROUP, label: '要素 (属性与几何)' }],
    items: [...spec.items, ...STATUS_ITEMS],
    catalog: spec.catalog,
    geometryItem: GEOMETRY_ITEM,
    normalizeKey(key) {
      const violation = keyViolation(spec, key);
      return violation ? { ok: false, violation } : { ok: true, key };
    },
    derive() {
      // A feature's items are all surveyed; none follows from another.
    },
    crossCheck: spec.crossCheck ?? (() => []),
  };
}

function keyViolation(spec: SpatialCollectionSpec, key: string): FieldViolation | undefined {
  if (typeof spec.keyRule === 'function') return spec.keyRule(key);
  return spec.keyRule.pattern.test(key) ? undefined : { field: spec.keyItem, rule: 'pattern', message: spec.keyRule.message };
}

/** The geometry item of a collection: required, of the given GeoJSON types, shared as the collection says. */
export function geometryItem(
  name: string,
  geometryTypes: NonNullable<RegistryItem['geometryTypes']>,
  sharingType: RegistryItem['sharingType'] = 'unconditional',
): RegistryItem {
  return {
    code: GEOMETRY_ITEM,
    name,
    dataType: 'geometry',
    group: FEATURE_GROUP,
    sharingType,
    required: true,
    geometryTypes,
    description: `GeoJSON ${geometryTypes.join(' / ')}, CGCS2000 (EPSG:4490) longitude/latitude`,
  };
}

/** 所在区县代码: the county a feature lies in (required; the row-scope item of its catalog entry). */
export function divisionCodeItem(): RegistryItem {
  return {
    code: 'division_code',
    name: '所在区县代码',
    dataType: 'division_code',
    group: FEATURE_GROUP,
    sharingType: 'unconditional',
    required: true,
  };
}
