import { Injectable } from '@nestjs/common';
import { itemSql, sqlLiteral, tablesOf } from '@hutong/registries';
import { DataSource } from 'typeorm';
import { WITHDRAWN } from '../schema/dataset-definition';
import type { DatasetItem } from '../schema/dataset-schema';
import type { ComparisonOperator } from './filter-language';

/** One condition with its values already typed for the item (text, integer as text, boolean…). */
export interface TypedCondition {
  readonly item: DatasetItem;
  readonly op: ComparisonOperator | 'in';
  /** One value, or the list of `in`; for `sw` the LIKE pattern (escaped prefix + %). */
  readonly values: readonly unknown[];
}

export interface SortOrder {
  readonly item: DatasetItem;
  readonly descending: boolean;
}

/** Where the previous page ended: its last row's sort value (null: among rows without one) and key. */
export interface PagePosition {
  readonly value: unknown;
  readonly key: string;
}

export interface RecordSelection {
  readonly registry: string;
  readonly conditions: readonly TypedCondition[];
  readonly sort: SortOrder | null;
  readonly after: PagePosition | null;
  readonly limit: number;
  /** Division prefixes of the caller's row scope; undefined = every row. */
  readonly scope?: readonly string[];
  /** Read the records as they stood then (from the versions), instead of now. */
  readonly asOf?: Date;
}

export interface SelectedRecord {
  readonly key: string;
  readonly version: number;
  readonly record: Record<string, unknown>;
  readonly status: string;
  /** The row's division (its scope item's value, '' without one): row scopes apply to it. */
  readonly scopeDivision: string;
  readonly updatedAt: Date;
  /** The sort item's value as text (null when the record has none): the next page starts after it. */
  readonly sortValue: string | null;
}

interface SelectedRow {
  key: string;
  version: number;
  record: Record<string, unknown>;
  status: string;
  scope_division: string;
  updated_at: Date;
  sort_value: string | null;
}

const OPERATORS: Record<ComparisonOperator, string> = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=', sw: 'LIKE' };

/**
 * The SQL of dataset queries: every filter becomes `expression op $n` over the item's typed
 * expression — the very text its index is built on, so the planner can use nothing but the index —
 * with values only ever as parameters. Pages are keyset pages (sort value, key) in index order;
 * records without a value of the sort item come after all that have one, in key order. `asOf`
 * reads the versions partition instead: a version counts if it is the newest recorded by then.
 */
@Injectable()
export class DatasetQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async select(selection: RecordSelection): Promise<SelectedRecord[]> {
    const { sort, after } = selection;
    const inNullTail = sort !== null && after !== null && after.value === null;
    const rows = inNullTail ? [] : await this.run(selection, 'values');
    if (sort === null || sort.item.required || rows.length >= selection.limit) return rows;
    // The page is not full: go on with the records that have no value of the sort item.
    const tail = await this.run(
      { ...selection, after: inNullTail ? after : null, limit: selection.limit - rows.length },
      'nulls',
    );
    return [...rows, ...tail];
  }

  /** Records by key, as they stand or stood (`asOf`), inside the scope. */
  async byKeys(
    registry: string,
    keys: readonly string[],
    scope: readonly string[] | undefined,
    asOf?: Date,
  ): Promise<SelectedRecord[]> {
    const { values, param, where, from } = this.base(registry, asOf);
    where.push(`key = ANY(${param(keys)}::text[])`);
    if (scope !== undefined) where.push(`scope_division LIKE ANY(${param(scope.map((prefix) => `${prefix}%`))}::text[])`);
    const rows = await this.dataSource.query<SelectedRow[]>(
      `SELECT key, version, record, status, scope_division, ${from.updated} AS updated_at, NULL AS sort_value
         FROM ${from.table} WHERE ${where.join(' AND ')}`,
      values,
    );
    return rows.map(toSelected);
  }

  private async run(selection: RecordSelection, part: 'values' | 'nulls'): Promise<SelectedRecord[]> {
    const { values, param, where, from } = this.base(selection.registry, selection.asOf);
    where.push(`status <> ${sqlLiteral(WITHDRAWN)}`);
    for (const condition of selection.conditions) where.push(conditionSql(condition, param));
    if (selection.scope !== undefined) {
      where.push(`scope_division LIKE ANY(${param(selection.scope.map((prefix) => `${prefix}%`))}::text[])`);
    }
    const { sort, after } = selection;
    const direction = sort?.descending ? 'DESC' : 'ASC';
    const comparison = sort?.descending ? '<' : '>';
    let order = `key ${direction}`;
    let sortValue = 'NULL';
    if (sort !== null) {
      const { expression, parameterType } = itemSql(sort.item);
      sortValue = `${expression}::text`;
      if (part === 'values') {
        where.push(`${expression} IS NOT NULL`);
        if (after !== null)
          where.push(`(${expression}, key) ${comparison} (${param(after.value)}::${parameterType}, ${param(after.key)})`);
        order = `${expression} ${direction}, key ${direction}`;
      } else {
        where.push(`${expression} IS NULL`);
        if (after !== null) where.push(`key ${comparison} ${param(after.key)}`);
      }
    } else if (after !== null) {
      where.push(`key ${comparison} ${param(after.key)}`);
    }
    const rows = await this.dataSource.query<SelectedRow[]>(
      `SELECT key, version, record, status, scope_division, ${from.updated} AS updated_at, ${sortValue} AS sort_value
         FROM ${from.table} WHERE ${where.join(' AND ')}
        ORDER BY ${order} LIMIT ${param(selection.limit)}`,
      values,
    );
    return rows.map(toSelected);
  }

  /**
   * The FROM and the first predicates of a query: the registry as a literal (the planner prunes to
   * its partition while planning), and for `asOf` the versions that were newest at that instant.
   */
  private base(registry: string, asOf: Date | undefined) {
    const values: unknown[] = [];
    const param = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const tables = tablesOf(registry);
    const where = [`registry = ${sqlLiteral(registry)}`];
    if (asOf === undefined) return { values, param, where, from: { table: tables.records, updated: 'updated_at' } };
    const at = param(asOf);
    where.push(`recorded_at <= ${at}`);
    where.push(`NOT EXISTS (SELECT 1 FROM ${tables.versions} newer
        WHERE newer.registry = ${sqlLiteral(registry)} AND newer.key = v.key AND newer.version > v.version AND newer.recorded_at <= ${at})`);
    return { values, param, where, from: { table: `${tables.versions} v`, updated: 'recorded_at' } };
  }
}

function conditionSql(condition: TypedCondition, param: (value: unknown) => string): string {
  const { expression, parameterType } = itemSql(condition.item);
  if (condition.op === 'in') return `${expression} = ANY(${param(condition.values)}::${parameterType}[])`;
  const [value] = condition.values;
  if (condition.op === 'sw') return `${expression} LIKE ${param(value)}`;
  return `${expression} ${OPERATORS[condition.op]} ${param(value)}::${parameterType}`;
}

function toSelected(row: SelectedRow): SelectedRecord {
  return {
    key: row.key,
    version: row.version,
    record: row.record,
    status: row.status,
    scopeDivision: row.scope_division,
    updatedAt: row.updated_at,
    sortValue: row.sort_value,
  };
}
