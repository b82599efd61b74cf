/**
 * A catalog entry (信息资源) with the core metadata of the 2017 national cataloguing guide
 * (《政务信息资源目录编制指南(试行)》, standards.md §1.1) and the sharing rules of 国发〔2016〕51号.
 * Codes are English slugs; the Chinese terms they stand for are in the tables below, which the
 * DCAT view and the OpenAPI document both use.
 */

/** 共享类型 (Art. 9): 无条件共享 / 有条件共享 / 不予共享. */
export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const;
export type SharingType = (typeof SHARING_TYPES)[number];
export const SHARING_TYPE_LABELS: Record<SharingType, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  none: '不予共享',
};
/** How restrictive a sharing type is: an item may be stricter than its entry, never looser. */
export const SHARING_RANK: Record<SharingType, number> = { unconditional: 0, conditional: 1, none: 2 };

/** 共享方式: 接口 (API), 事件订阅, 批量文件. */
export const SHARING_METHODS = ['api', 'event', 'file'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];

/** 目录分类 by resource attribute: 基础 (1) / 主题 (2) / 部门 (3) — the first digit of the code. */
export const CATEGORIES = ['base', 'theme', 'department'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_DIGIT: Record<Category, string> = { base: '1', theme: '2', department: '3' };

/**
 * 项 of the base and thematic catalogs (the guide's lists; 宏观经济 is the fourth base database of
 * the city documents). Department catalogs use the department's own two-digit 项.
 */
export const BASE_ITEMS: Record<string, string> = {
  '01': '人口',
  '02': '法人单位',
  '03': '自然资源和空间地理',
  '04': '社会信用',
  '05': '电子证照',
  '06': '宏观经济',
};
export const THEME_ITEMS: Record<string, string> = {
  '01': '公共服务',
  '02': '健康保障',
  '03': '社会保障',
  '04': '食品药品安全',
  '05': '安全生产',
  '06': '价格监管',
  '07': '能源安全',
  '08': '信用体系',
  '09': '城乡建设',
  '10': '社区治理',
  '11': '生态环保',
  '12': '应急维稳',
};

/** 信息资源格式, the guide's categories. */
export const FORMATS = ['electronic_file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing'] as const;
export type ResourceFormat = (typeof FORMATS)[number];

/** 更新周期: 实时/每日/每周/每月/每季度/每年/其他 → the EU frequency vocabulary in DCAT. */
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

/** 等级保护 grades 1–5 of the information system holding the data. */
export const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** The administrative level the entry belongs to (C2: 市、区(市)县、乡镇(街办)、村(社区)). */
export const ADMINISTRATIVE_LEVELS = ['national', 'province', 'city', 'district', 'township', 'village'] as const;
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

/** Data types of 信息项; the datasets library turns them into a record schema. */
export const ITEM_DATA_TYPES = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'enum',
  'citizen_id',
  'credit_code',
  'division_code',
  'geometry',
  'object',
] as const;
export type ItemDataType = (typeof ITEM_DATA_TYPES)[number];

export interface Classification {
  readonly category: Category;
  /** 项, two digits. */
  readonly item: string;
  /** 目, three digits. */
  readonly group: string;
  /** 细目, optional, one to six digits. */
  readonly detail: string | null;
  /** Human labels of 项 / 目 / 细目, e.g. 人口 / 户籍人口. */
  readonly labels: { readonly item: string; readonly group: string | null; readonly detail: string | null };
}

/** One 信息项. */
export interface ResourceItem {
  readonly code: string;
  readonly name: string;
  readonly dataType: ItemDataType;
  readonly description: string | null;
  /** Personal or otherwise sensitive content: masked in logs, hashed in the audit trail. */
  readonly sensitive: boolean;
  readonly sharingType: SharingType;
  /** Part of the record key. */
  readonly key: boolean;
  readonly required: boolean;
  readonly maxLength: number | null;
  readonly pattern: string | null;
  readonly enumValues: readonly string[] | null;
  /**
   * No two live records of a dataset share a value (信息项唯一). Optional because entries published
   * before datasets existed do not carry it: absent means false.
   */
  readonly unique?: boolean;
  /** Consumers may filter and sort a dataset on it; the platform keeps an index for it. Absent means false. */
  readonly indexed?: boolean;
}

export interface SharingRule {
  readonly type: SharingType;
  /** 共享条件: who may get it and on what terms (有条件). */
  readonly conditions: string | null;
  readonly methods: readonly SharingMethod[];
  /** The law, regulation or policy that makes it 有条件 or 不予共享 (Art. 9: required for both). */
  readonly legalBasis: string | null;
}

export interface OpenAccess {
  /** 是否向社会开放: separate from government-to-government sharing. */
  readonly open: boolean;
  readonly conditions: string | null;
}

/** Everything a provider or operator writes about an entry; one value per published version. */
export interface ResourceMetadata {
  readonly name: string;
  readonly classification: Classification;
  readonly summary: string;
  readonly format: ResourceFormat;
  readonly items: readonly ResourceItem[];
  readonly sharing: SharingRule;
  readonly openAccess: OpenAccess;
  readonly updateCycle: UpdateCycle;
  readonly relatedResources: readonly string[];
  readonly securityLevel: SecurityLevel;
  /** 权威来源: this provider is the authoritative source of the data (一数一源). */
  readonly authoritativeSource: boolean;
  readonly administrativeLevel: AdministrativeLevel;
  /** The division-code item that row scopes of grants apply to, if rows can be scoped. */
  readonly scopeItem: string | null;
  readonly keywords: readonly string[];
}

/** The entry's life: draft → submitted → published (then new versions) → retired. */
export const RESOURCE_STATUSES = ['draft', 'submitted', 'published', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** A change being prepared on an entry: the first draft, or the next version of a published one. */
export interface Revision {
  readonly state: 'draft' | 'submitted';
  readonly metadata: ResourceMetadata;
  readonly updatedAt: Date;
  readonly updatedBy: string;
  /** Why an operator sent it back, when it was. */
  readonly returnedReason: string | null;
}

export interface PublishedVersion {
  readonly version: number;
  readonly metadata: ResourceMetadata;
  readonly publishedAt: Date;
  readonly publishedBy: string;
}

export interface CatalogResource {
  readonly code: string;
  readonly providerCode: string;
  readonly providerName: string;
  readonly status: ResourceStatus;
  /** The newest published version, if the entry was ever published. */
  readonly current: PublishedVersion | null;
  readonly revision: Revision | null;
  /** Optimistic-concurrency counter behind the ETag; bumps on every change. */
  readonly etag: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly retiredAt: Date | null;
}

/** What the entry says now: the published version if there is one, else the draft. */
export function effectiveMetadata(resource: CatalogResource): ResourceMetadata {
  const metadata = resource.current?.metadata ?? resource.revision?.metadata;
  if (!metadata) throw new Error(`catalog entry ${resource.code} has neither a version nor a draft`);
  return metadata;
}
