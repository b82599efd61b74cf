import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The spatial registry (空间地理) on the registry kit: a record whose registry has a geometry item
 * keeps that geometry twice — as GeoJSON in `record` (so history, events and `asOf` stay whole) and
 * as a PostGIS geometry in CGCS2000 (EPSG:4490) here, written by the same upsert, so bounding-box
 * and spatial filters, the row scope's spatial join and "nearest" run on a GiST index.
 *
 * Imports gain the GeoJSON formats (a FeatureCollection, or GeoJSON text sequences / NDJSON).
 */
export class Spatial1795708800000 implements MigrationInterface {
  name = 'Spatial1795708800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE registry_records ADD COLUMN geom geometry(Geometry, 4490)');
    await queryRunner.query(
      'CREATE INDEX registry_records_geom_idx ON registry_records USING gist (geom) WHERE geom IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE registry_imports DROP CONSTRAINT registry_imports_format_check');
    await queryRunner.query(
      `ALTER TABLE registry_imports ADD CONSTRAINT registry_imports_format_check
         CHECK (format IN ('ndjson', 'csv', 'geojson', 'geojson-seq'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM registry_imports WHERE format IN ('geojson', 'geojson-seq')`);
    await queryRunner.query('ALTER TABLE registry_imports DROP CONSTRAINT registry_imports_format_check');
    await queryRunner.query(
      `ALTER TABLE registry_imports ADD CONSTRAINT registry_imports_format_check CHECK (format IN ('ndjson', 'csv'))`,
    );
    await queryRunner.query('DROP INDEX registry_records_geom_idx');
    await queryRunner.query('ALTER TABLE registry_records DROP COLUMN geom');
  }
}
