import { validationProblem, type FieldViolation } from '@hutong/platform';
import { hasNestedUnboundedRepetition } from './pattern-safety';
import type { ResourceMetadataDto } from './resource.dto';
import {
  BASE_ITEMS,
  CATEGORY_DIGIT,
  THEME_ITEMS,
  type Classification,
  type ResourceItem,
  type ResourceMetadata,
  type SharingType,
} from './resource';

/**
 * Base registries whose basic items 国发〔2016〕51号 Art. 10 requires to be shared unconditionally:
 * 人口, 法人单位, 自然资源和空间地理, 电子证照 (项 01, 02, 03, 05 of the base catalog).
 */
const ART_10_BASE_ITEMS = new Set(['01', '02', '03', '05']);

/**
 * Turns validated input into metadata and enforces the rules that span fields; every broken rule
 * is reported at once, each naming its field.
 */
export function metadataFrom(input: ResourceMetadataDto): ResourceMetadata {
  const classification = classificationFrom(input);
  const items = input.items.map((item): ResourceItem => ({
    code: item.code,
    name: item.name,
    dataType: item.dataType,
    description: item.description ?? null,
    sensitive: item.sensitive ?? false,
    sharingType: input.sharing.type === 'none' ? 'none' : item.sharingType,
    key: item.key ?? false,
    required: item.required ?? item.key ?? false,
    maxLength: item.maxLength ?? null,
    pattern: item.pattern ?? null,
    enumValues: item.enumValues ?? null,
    unique: item.unique ?? false,
    indexed: item.indexed ?? false,
  }));
  const metadata: ResourceMetadata = {
    name: input.name,
    classification,
    summary: input.summary,
    format: input.format,
    items,
    sharing: {
      type: input.sharing.type,
      conditions: input.sharing.conditions ?? null,
      methods: input.sharing.methods,
      legalBasis: input.sharing.legalBasis ?? null,
    },
    openAccess: { open: input.openAccess?.open ?? false, conditions: input.openAccess?.conditions ?? null },
    updateCycle: input.updateCycle,
    relatedResources: input.relatedResources ?? [],
    securityLevel: input.securityLevel,
    authoritativeSource: input.authoritativeSource ?? false,
    administrativeLevel: input.administrativeLevel,
    scopeItem: input.scopeItem ?? null,
    keywords: input.keywords ?? [],
  };
  const violations = [...classificationViolations(input), ...itemViolations(metadata), ...sharingViolations(metadata)];
  if (violations.length > 0) throw validationProblem(violations);
  return metadata;
}

/** The classification part of the resource code: 类 (1) + 项 (2) + 目 (3) + 细目 (0–6). */
export function classificationCode(classification: Classification): string {
  return `${CATEGORY_DIGIT[classification.category]}${classification.item}${classification.group}${classification.detail ?? ''}`;
}

function classificationFrom(input: ResourceMetadataDto): Classification {
  const { category, item, group, detail } = input.classification;
  const fixedLabel = category === 'base' ? BASE_ITEMS[item] : category === 'theme' ? THEME_ITEMS[item] : undefined;
  return {
    category,
    item,
    group,
    detail: detail ?? null,
    labels: {
      item: fixedLabel ?? input.classification.itemLabel ?? '',
      group: input.classification.groupLabel ?? null,
      detail: input.classification.detailLabel ?? null,
    },
  };
}

function classificationViolations(input: ResourceMetadataDto): FieldViolation[] {
  const { category, item, itemLabel } = input.classification;
  const fixed = category === 'base' ? BASE_ITEMS : category === 'theme' ? THEME_ITEMS : undefined;
  if (fixed && !Object.hasOwn(fixed, item)) {
    const known = Object.entries(fixed)
      .map(([code, label]) => `${code} ${label}`)
      .join(', ');
    return [{ field: 'classification.item', rule: 'unknown_item', message: `${category} catalogs have the 项 ${known}` }];
  }
  if (!fixed && itemLabel === undefined) {
    return [
      {
        field: 'classification.itemLabel',
        rule: 'required',
        message: 'department catalogs name their 项 (the department or business line)',
      },
    ];
  }
  return [];
}

/** Structured values have no order and no equality a B-tree could keep. */
const UNINDEXABLE_TYPES: ReadonlySet<string> = new Set(['geometry', 'object']);

function itemViolations(metadata: ResourceMetadata): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const seen = new Set<string>();
  metadata.items.forEach((item, index) => {
    const field = `items[${index}]`;
    if (seen.has(item.code))
      violations.push({ field: `${field}.code`, rule: 'unique', message: `item code "${item.code}" is repeated` });
    seen.add(item.code);
    if (item.dataType === 'enum' && item.enumValues === null) {
      violations.push({ field: `${field}.enumValues`, rule: 'required', message: 'an enum item lists its values' });
    }
    if (item.dataType !== 'enum' && item.enumValues !== null) {
      violations.push({ field: `${field}.enumValues`, rule: 'enum_only', message: 'only enum items have enumValues' });
    }
    if (item.pattern !== null && !isRegExp(item.pattern)) {
      violations.push({ field: `${field}.pattern`, rule: 'regexp', message: 'pattern is not a valid regular expression' });
    } else if (item.pattern !== null && hasNestedUnboundedRepetition(item.pattern)) {
      // Every write is checked against the pattern on the event loop: a nested quantifier such as
      // (a+)+ backtracks exponentially and would stall the gateway for every caller.
      violations.push({
        field: `${field}.pattern`,
        rule: 'regexp_unsafe',
        message: 'pattern nests repetition (e.g. (a+)+) and could take exponential time; rewrite it without nested quantifiers',
      });
    }
    if ((item.maxLength !== null || item.pattern !== null) && item.dataType !== 'string') {
      violations.push({ field, rule: 'string_only', message: 'maxLength and pattern apply to string items only' });
    }
    if ((item.unique === true || item.indexed === true) && UNINDEXABLE_TYPES.has(item.dataType)) {
      violations.push({
        field,
        rule: 'not_indexable',
        message: `a ${item.dataType} item can be neither unique nor indexed (only scalar values are compared)`,
      });
    }
  });
  if (metadata.scopeItem !== null) {
    const scope = metadata.items.find((item) => item.code === metadata.scopeItem);
    if (scope?.dataType !== 'division_code') {
      violations.push({
        field: 'scopeItem',
        rule: 'division_item',
        message: `scopeItem must name an item of type division_code; "${metadata.scopeItem}" is ${scope ? `a ${scope.dataType}` : 'not an item'}`,
      });
    }
  }
  return violations;
}

function sharingViolations(metadata: ResourceMetadata): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const { type, legalBasis } = metadata.sharing;
  if (type !== 'unconditional' && legalBasis === null) {
    violations.push({
      field: 'sharing.legalBasis',
      rule: 'required',
      message: `${type === 'conditional' ? '有条件共享' : '不予共享'} needs the law, regulation or policy it rests on (国发〔2016〕51号 Art. 9)`,
    });
  }
  const itemsOf = (sharing: SharingType) => metadata.items.filter((item) => item.sharingType === sharing);
  if (type === 'unconditional') {
    for (const item of [...itemsOf('conditional'), ...itemsOf('none')]) {
      violations.push({
        field: `items[${metadata.items.indexOf(item)}].sharingType`,
        rule: 'looser_than_entry',
        message: `"${item.code}" is ${item.sharingType} in an unconditional entry; an entry with restricted items is 有条件共享`,
      });
    }
  }
  if (type === 'conditional' && itemsOf('conditional').length === 0) {
    violations.push({
      field: 'sharing.type',
      rule: 'no_conditional_item',
      message:
        'an entry is 有条件共享 when some of its items are; mark those items conditional, or declare the entry unconditional',
    });
  }
  if (metadata.openAccess.open && type === 'none') {
    violations.push({
      field: 'openAccess.open',
      rule: 'open_but_not_shared',
      message: 'an entry not shared even between agencies (不予共享) cannot be open to the public',
    });
  }
  const { category, item } = metadata.classification;
  if (category === 'base' && ART_10_BASE_ITEMS.has(item)) {
    if (type === 'none') {
      violations.push({
        field: 'sharing.type',
        rule: 'art_10',
        message: 'base data of 人口, 法人单位, 自然资源和空间地理 and 电子证照 must be shared (国发〔2016〕51号 Art. 10)',
      });
    }
    metadata.items.forEach((entry, index) => {
      if (entry.key && entry.sharingType !== 'unconditional') {
        violations.push({
          field: `items[${index}].sharingType`,
          rule: 'art_10',
          message: `"${entry.code}" is a basic (key) item of a base registry and must be 无条件共享 (Art. 10)`,
        });
      }
    });
  }
  return violations;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
