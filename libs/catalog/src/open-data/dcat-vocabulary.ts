import type { Category, ResourceFormat, SharingType, UpdateCycle } from '../resources/resource';

/** The namespaces the DCAT view uses; also the prefixes of its Turtle and the @context of its JSON-LD. */
export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;
export type Prefix = keyof typeof PREFIXES;

/** A term of one of the vocabularies, e.g. `term('dct', 'title')`. */
export function term(prefix: Prefix, local: string): string {
  return `${PREFIXES[prefix]}${local}`;
}

const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority';

/** 更新周期 → the EU frequency table (DCAT-AP's controlled vocabulary for dct:accrualPeriodicity). */
export const FREQUENCIES: Record<UpdateCycle, string> = {
  realtime: `${EU_AUTHORITY}/frequency/CONT`,
  daily: `${EU_AUTHORITY}/frequency/DAILY`,
  weekly: `${EU_AUTHORITY}/frequency/WEEKLY`,
  monthly: `${EU_AUTHORITY}/frequency/MONTHLY`,
  quarterly: `${EU_AUTHORITY}/frequency/QUARTERLY`,
  annual: `${EU_AUTHORITY}/frequency/ANNUAL`,
  irregular: `${EU_AUTHORITY}/frequency/IRREG`,
};

/** 共享类型 → the EU access-right table, the closest fit (standards.md §1.1, row 9). */
export const ACCESS_RIGHTS: Record<SharingType, string> = {
  unconditional: `${EU_AUTHORITY}/access-right/PUBLIC`,
  conditional: `${EU_AUTHORITY}/access-right/RESTRICTED`,
  none: `${EU_AUTHORITY}/access-right/NON_PUBLIC`,
};

/** What the API distribution returns. */
export const JSON_FILE_TYPE = `${EU_AUTHORITY}/file-type/JSON`;

/** 信息资源格式: the guide's categories are not file types, so they are labelled concepts of their own. */
export const FORMAT_LABELS: Record<ResourceFormat, string> = {
  electronic_file: '电子文件',
  spreadsheet: '电子表格',
  database: '数据库',
  image: '图形图像',
  stream: '流媒体',
  self_describing: '自描述格式',
};

export const CATEGORY_LABELS: Record<Category, string> = {
  base: '基础信息资源目录',
  theme: '主题信息资源目录',
  department: '部门信息资源目录',
};

/** The catalog's own description; one gateway is one catalog. */
export const CATALOG_TITLE = '互通政务数据共享目录';
export const CATALOG_DESCRIPTION =
  '互通政务数据共享交换平台中已发布并向社会开放的政务信息资源目录，按《政务信息资源目录编制指南(试行)》编制。';
export const CATALOG_PUBLISHER = '政务数据管理局';
export const CLASSIFICATION_SCHEME_TITLE = '政务信息资源分类';

/** Chinese literals are tagged; harvesters show them in the right script and pick them by language. */
export const LANGUAGE = 'zh';
