import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The macro-economic registry (宏观经济) on the registry kit: observations are records keyed
 * `FREQ.REF_AREA.INDICATOR.VALUE_TYPE.TIME_PERIOD`, their dimensions also items of the record.
 * SDMX data queries select by dimension (any of them may be a wildcard or an OR list) and period,
 * so both the current records and the versions (for `asOf`, the vintages) get a partial
 * expression index over the observation rows only: indicator first, the dimension queries name
 * most often, the period last and in byte order ("2015-Q1" < "2015-Q2" whatever the collation).
 */
export class Macro1795795200000 implements MigrationInterface {
  name = 'Macro1795795200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX registry_records_macro_series_idx ON registry_records (
        (record->>'indicator'), (record->>'ref_area'), (record->>'freq'), (record->>'value_type'),
        (record->>'time_period') COLLATE "C")
      WHERE registry = 'macro-observations'`);
    await queryRunner.query(`
      CREATE INDEX registry_record_versions_macro_series_idx ON registry_record_versions (
        (record->>'indicator'), (record->>'ref_area'), (record->>'freq'), (record->>'value_type'),
        (record->>'time_period') COLLATE "C", recorded_at)
      WHERE registry = 'macro-observations'`);
    await queryRunner.query(
      `CREATE INDEX registry_records_macro_updated_idx ON registry_records (updated_at) WHERE registry = 'macro-observations'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX registry_records_macro_updated_idx');
    await queryRunner.query('DROP INDEX registry_record_versions_macro_series_idx');
    await queryRunner.query('DROP INDEX registry_records_macro_series_idx');
  }
}
