/**
 * Synthetic rows for dataset scale tests and the dataset-query benchmark, generated inside
 * PostgreSQL (generate_series) straight into a dataset's partitions: a million rows in seconds
 * instead of the minutes the import path takes (the import path has its own benchmark). The rows
 * follow the social-insurance seed's schema with skewed, realistic distributions; citizen IDs are
 * shaped like real ones (in key order) but their check digits are not computed (no request names them).
 * No test-runner imports: the benchmark processes load this too.
 */
/** One connection (a pg Client, a TypeORM QueryRunner): the batches run in transactions on it. */
export interface SqlConnection {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const GUANGZHOU_DISTRICTS = [
  '440103',
  '440104',
  '440105',
  '440106',
  '440111',
  '440112',
  '440113',
  '440114',
  '440115',
  '440117',
  '440118',
];

/** Inserts `count` current rows (and their first versions) into the registry's partitions, then analyses them. */
export async function insertSocialInsuranceRows(
  connection: SqlConnection,
  registry: string,
  count: number,
  batch = 100_000,
): Promise<void> {
  if (!/^ds-[0-9]+$/.test(registry)) throw new Error(`not a dataset registry: ${registry}`);
  const suffix = registry.replace('-', '_');
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await connection.query('BEGIN');
    // A batch maintains every index of both partitions: seconds, more than the gateway's statement timeout.
    await connection.query('SET LOCAL statement_timeout = 0');
    await connection.query(
      `WITH generated AS (
         SELECT i,
                -- in key order (birth dates rise with i), so the key indexes grow at their right edge
                '440106' || to_char(date '1950-01-01' + i / 60, 'YYYYMMDD') || lpad((i % 60)::text, 3, '0') || (i % 10)::text AS citizen_id,
                (ARRAY['pension', 'medical', 'unemployment', 'work_injury', 'maternity'])[1 + abs(hashint4(i * 3)) % 5] AS insurance_type,
                $3::text[] AS districts
           FROM generate_series($1::int, $2::int) AS i
       ), shaped AS (
         SELECT i, citizen_id || '~' || insurance_type AS key,
                jsonb_build_object(
                  'citizen_id', citizen_id,
                  'insurance_type', insurance_type,
                  'insured_name', '参保人' || i,
                  'insured_status', CASE WHEN abs(hashint4(i * 5)) % 10 < 7 THEN 'paying' WHEN abs(hashint4(i * 5)) % 10 < 9 THEN 'suspended' ELSE 'terminated' END,
                  'insured_since', to_char(date '1995-01-01' + (abs(hashint4(i * 11)) % 11000), 'YYYY-MM-DD'),
                  'district', districts[1 + abs(hashint4(i * 13)) % 11],
                  'paid_months', abs(hashint4(i * 17)) % 480,
                  'last_paid_at', to_char(timestamptz '2020-01-01 00:00:00+08' + (abs(hashint4(i * 19)) % 2200) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
                  'contribution_base', (3000 + abs(hashint4(i * 23)) % 30000)::text || '.00',
                  'record_status', 'active') AS record
           FROM generated
       ), current AS (
         INSERT INTO dataset_records_${suffix} (registry, key, version, record, sources, status, scope_division, search_names, search_grams, updated_at, updated_by)
         SELECT $4, key, 1, record, '{}', 'active', record ->> 'district', '', '{}', timestamptz '2026-01-01 00:00:00+08', 'bench'
           FROM shaped ON CONFLICT DO NOTHING
         RETURNING key, record, scope_division
       )
       INSERT INTO dataset_record_versions_${suffix} (registry, key, version, record, sources, status, scope_division, changed_groups, recorded_at, recorded_by)
       SELECT $4, key, 1, record, '{}', 'active', scope_division, '{record}', timestamptz '2026-01-01 00:00:00+08', 'bench' FROM current`,
      [from, to, GUANGZHOU_DISTRICTS, registry],
    );
    await connection.query('COMMIT');
  }
  await connection.query(`ANALYZE dataset_records_${suffix}`);
  await connection.query(`ANALYZE dataset_record_versions_${suffix}`);
}

/** The registry code (`ds-<n>`) of a dataset major, as registration stored it. */
export async function registryOf(connection: SqlConnection, agency: string, code: string, major = 1): Promise<string> {
  const result = await connection.query('SELECT registry FROM datasets WHERE agency_code = $1 AND code = $2 AND major = $3', [
    agency,
    code,
    major,
  ]);
  // A TypeORM runner answers the rows, a pg Client a result holding them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ registry: string }>;
  const [row] = rows;
  if (!row) throw new Error(`no dataset ${agency}/${code} v${major}`);
  return row.registry;
}
