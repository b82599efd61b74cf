import type { Category, ItemDataType, SharingType } from '@hutong/catalog';
import type { FieldViolation } from '@hutong/platform';
import type { GeometryType } from './geometry-values';

/** One 信息项 of a registry: its catalog description and the attribute group that owns it. */
export interface RegistryItem {
  readonly code: string;
  readonly name: string;
  readonly dataType: ItemDataType;
  readonly group: string;
  readonly sharingType: SharingType;
  readonly description?: string;
  readonly sensitive?: boolean;
  readonly key?: boolean;
  /** A record cannot exist without it (after derivation). */
  readonly required?: boolean;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enumValues?: readonly string[];
  /** For a `geometry` item: the GeoJSON geometry types it takes. */
  readonly geometryTypes?: readonly GeometryType[];
  /**
   * Kept by the kit, never written by a caller (a dataset's record status, which only DELETE
   * moves): a write body or import row that carries it is refused.
   */
  readonly system?: boolean;
}

/**
 * An attribute group (e.g. 居住, 婚育, 就业, 社会保险 of a person): the unit of partial updates and
 * of authority — each group has its authoritative contributors, recorded per record with the
 * source agency and source time (数据权威, B13).
 */
export interface AttributeGroup {
  readonly code: string;
  readonly label: string;
}

/** How a registry's status item moves: new records start in `initial`; DELETE moves to `cancelled`. */
export interface StatusRules {
  readonly item: string;
  readonly dateItem: string;
  readonly initial: string;
  readonly cancelled: string;
}

/** The fields of a verification (核验) request and the items they are compared with. */
export interface VerificationRule {
  readonly name: string;
  /** Input field → item; the key field is always required. */
  readonly fields: Readonly<Record<string, { readonly item: string; readonly required: boolean }>>;
}

/** How the registry's catalog entry is described (the items come from `items`). */
export interface CatalogDescription {
  readonly name: string;
  readonly classification: {
    readonly category: Category;
    readonly item: string;
    readonly group: string;
    readonly groupLabel: string;
  };
  readonly summary: string;
  readonly conditions: string;
  readonly legalBasis: string;
  readonly keywords: readonly string[];
}

/**
 * Everything the registry kit needs to know about one base registry: its items and groups, key,
 * status rules, row-scope item, searchable names, verification rule, and the checks no generic
 * type rule can express (a sex that contradicts the citizen ID). Population and legal persons are
 * two values of this type; the spatial and macro registries add theirs.
 */
export interface RegistryDefinition {
  readonly code: string;
  /** Event entity, e.g. `person` → `cn.gov.hutong.registries.person.updated.v1`. */
  readonly entity: string;
  /** How subjects are hashed in the audit log (`record` for things that are no person or body, such as a parcel). */
  readonly subjectKind: 'citizen' | 'organization' | 'record';
  readonly keyItem: string;
  /**
   * The GB/T 2260 division a record belongs to, for row scopes. Absent for registries whose
   * records belong to no place (the indicator list of the macro registry): their rows are stored
   * with an empty scope, which no row scope's prefix matches — such registries are unconditional.
   */
  readonly scopeItem?: string;
  readonly nameItems: readonly string[];
  readonly status: StatusRules;
  readonly groups: readonly AttributeGroup[];
  readonly items: readonly RegistryItem[];
  readonly catalog: CatalogDescription;
  /** The verification service (核验) and its catalog entry; a registry without one publishes no verification entry. */
  readonly verification?: VerificationRule;
  readonly verificationCatalog?: CatalogDescription;
  /**
   * The item holding the record's geometry (GeoJSON, CGCS2000), for spatial registries: stored
   * also as a PostGIS geometry, validated with ST_IsValid on write.
   */
  readonly geometryItem?: string;
  /**
   * For registries whose key is made of other items (an observation: series dimensions + period,
   * joined by dots): an import row may give the parts instead of the key, and a CSV header must
   * then name every part.
   */
  readonly keyParts?: { readonly items: readonly string[]; readonly separator: string };
  /**
   * Import rows update only the items they carry (a column left out keeps the stored value, an
   * empty cell clears it), instead of replacing their attribute groups whole — for registries whose
   * one group holds everything, where a file of values alone must not wipe sources and comments.
   */
  readonly partialImportRows?: boolean;
  /** Items whose value must be the key of a record of another registry (an observation's indicator). */
  readonly references?: readonly ItemReference[];
  /**
   * Items no two records share a value of, unless cancelled (a dataset's 唯一 items). The writer
   * checks them per batch; a unique expression index on `itemSql` of each backs it (the registry's
   * owner creates it).
   */
  readonly uniqueItems?: readonly string[];
  /**
   * Where the registry's events go: `domain` in the type (`cn.gov.hutong.<domain>.<entity>.…`,
   * default `registries`) and members every event's data carries beside the record (a dataset's name).
   */
  readonly events?: { readonly domain: string; readonly context: Readonly<Record<string, unknown>> };
  /** CSV columns that are not item codes: aliases (SDMX-CSV concept ids) and columns that must hold one value. */
  readonly importColumns?: ImportColumns;
  /** The key as stored, or the violation that makes it no key. */
  normalizeKey(key: string): { ok: true; key: string } | { ok: false; violation: FieldViolation };
  /** Fills items that follow from others (sex and birth date from a citizen ID). */
  derive(key: string, record: Record<string, unknown>): void;
  /** Checks across items that generic type rules cannot express. */
  crossCheck(key: string, record: Readonly<Record<string, unknown>>): FieldViolation[];
}

export interface ItemReference {
  readonly item: string;
  readonly registry: string;
}

export interface ImportColumns {
  /** Column name → item code (`REF_AREA` → `ref_area`). */
  readonly aliases: Readonly<Record<string, string>>;
  /** Column name → the only value a row may hold there (SDMX-CSV's `DATAFLOW`); the column is not stored. */
  readonly constants: Readonly<Record<string, string>>;
  /** Columns a file may carry that belong to another record (an exported series' unit): read past. */
  readonly ignored?: readonly string[];
  /** Column → code in the file → stored value (SDMX-CSV writes OBS_STATUS `A` for `actual`). */
  readonly codes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function itemsOfGroup(definition: RegistryDefinition, group: string): RegistryItem[] {
  return definition.items.filter((item) => item.group === group);
}

export function itemByCode(definition: RegistryDefinition, code: string): RegistryItem | undefined {
  return definition.items.find((item) => item.code === code);
}
