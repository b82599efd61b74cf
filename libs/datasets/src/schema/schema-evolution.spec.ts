import type { ResourceItem } from '@hutong/catalog';
import { describe, expect, it } from 'vitest';
import type { DatasetItem, DatasetSchema } from './dataset-schema';
import { breakingChanges } from './schema-evolution';

const item = (code: string, more: Partial<ResourceItem> = {}): DatasetItem => ({
  code,
  name: code,
  dataType: 'string',
  description: null,
  sensitive: false,
  sharingType: 'unconditional',
  key: false,
  required: false,
  maxLength: 50,
  pattern: null,
  enumValues: null,
  unique: false,
  indexed: false,
  ...more,
});

const schema = (items: DatasetItem[], scopeItem: string | null = null): DatasetSchema => ({
  name: 'x',
  summary: 'x',
  items,
  keyItems: items.filter((i) => i.key),
  scopeItem,
  catalogVersion: 1,
});

const base = schema([
  item('id', { key: true, required: true }),
  item('name'),
  item('count', { dataType: 'integer', maxLength: null, indexed: true }),
  item('kind', { dataType: 'enum', maxLength: null, enumValues: ['a', 'b'] }),
]);
const withItems = (change: (items: DatasetItem[]) => DatasetItem[], scopeItem: string | null = null) =>
  schema(change(base.items.map((i) => ({ ...i }))), scopeItem);
const rules = (after: DatasetSchema) => breakingChanges(base, after).map((c) => `${c.field}:${c.rule}`);

describe('breakingChanges', () => {
  it('accepts what stored records and readers survive', () => {
    const after = withItems((items) => [
      ...items.map((i) =>
        i.code === 'name' ? { ...i, maxLength: 100 } : i.code === 'kind' ? { ...i, enumValues: ['a', 'b', 'c'] } : i,
      ),
      item('note', { indexed: true, unique: true }),
    ]);
    expect(rules(after)).toEqual([]);
    expect(rules(withItems((items) => items.map((i) => (i.code === 'name' ? { ...i, maxLength: null } : i))))).toEqual([]);
    expect(
      rules(withItems((items) => items.map((i) => (i.code === 'kind' ? { ...i, dataType: 'string' as const } : i)))),
    ).toEqual([]);
  });

  it.each([
    ['removing an item', (items: DatasetItem[]) => items.filter((i) => i.code !== 'name'), 'items.name:item_removed'],
    [
      'renaming an item',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'name' ? { ...i, code: 'title' } : i)),
      'items.name:item_removed',
    ],
    [
      'narrowing a type',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'count' ? { ...i, dataType: 'string' as const } : i)),
      'items.count:type_changed',
    ],
    [
      'narrowing a length',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'name' ? { ...i, maxLength: 10 } : i)),
      'items.name:length_narrowed',
    ],
    [
      'a new pattern',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'name' ? { ...i, pattern: '^[A-Z]' } : i)),
      'items.name:pattern_changed',
    ],
    [
      'dropping enum values',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'kind' ? { ...i, enumValues: ['a'] } : i)),
      'items.kind:enum_values_removed',
    ],
    [
      'making an item required',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'name' ? { ...i, required: true } : i)),
      'items.name:now_required',
    ],
    [
      'a new required item',
      (items: DatasetItem[]) => [...items, item('extra', { required: true })],
      'items.extra:new_required_item',
    ],
    ['a new key item', (items: DatasetItem[]) => [...items, item('extra', { key: true })], 'items.extra:key_changed'],
    [
      'an item leaving the key',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'id' ? { ...i, key: false } : i)),
      'items.id:key_changed',
    ],
    [
      'dropping an index',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'count' ? { ...i, indexed: false } : i)),
      'items.count:index_removed',
    ],
    [
      'making an existing item unique',
      (items: DatasetItem[]) => items.map((i) => (i.code === 'name' ? { ...i, unique: true } : i)),
      'items.name:now_unique',
    ],
  ])('refuses %s', (_name, change, rule) => {
    expect(rules(withItems(change))).toEqual([rule]);
  });

  it('widens integer to decimal only for an item without indexes (they are built on the old type)', () => {
    const widen = (indexed: boolean) =>
      breakingChanges(
        schema([item('id', { key: true }), item('n', { dataType: 'integer', maxLength: null, indexed })]),
        schema([item('id', { key: true }), item('n', { dataType: 'decimal', maxLength: null, indexed })]),
      ).map((c) => c.rule);
    expect(widen(false)).toEqual([]);
    expect(widen(true)).toEqual(['type_changed']);
  });

  it('refuses another scope item', () => {
    expect(rules(withItems((items) => items, 'name'))).toEqual(['scopeItem:scope_item_changed']);
  });
});
