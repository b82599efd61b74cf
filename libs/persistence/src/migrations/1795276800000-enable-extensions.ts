import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostGIS for the spatial registry (CGCS2000 / EPSG:4490 geometries) and pg_trgm for Chinese
 * catalog search without a word segmenter (trigram indexes work on any script).
 */
export class EnableExtensions1795276800000 implements MigrationInterface {
  name = 'EnableExtensions1795276800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS pg_trgm');
    await queryRunner.query('DROP EXTENSION IF EXISTS postgis');
  }
}
