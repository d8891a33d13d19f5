import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags are platform-wide (API.md "Feature flags"): no workspace_id, no row-level security.
 *
 * - `flags`: one row per flag; strategies, variants and dependencies as jsonb (validated by the
 *   contracts' schemas before every write), tags as text[] with a GIN index for kill-by-tag.
 *   Keys are case-sensitive, so they sort with the C collation (byte order), as cursors assume.
 * - `flag_audit`: append-only; `seq` orders it (newest first in GET .../audit).
 * - `flag_revision`: one row counting committed changes. Every write transaction increments it
 *   first, which also serialises writers, so a dependency-cycle check cannot race another writer.
 *   The in-memory snapshots of every instance are tagged with it.
 */
export class CreateFlags1795400000000 implements MigrationInterface {
  readonly name = 'CreateFlags1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "flag".flags (
        key text COLLATE "C" PRIMARY KEY CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
        description text NOT NULL DEFAULT '',
        type text NOT NULL CHECK (type IN ('release', 'experiment', 'operational', 'kill_switch')),
        enabled boolean NOT NULL,
        strategies jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(strategies) = 'array'),
        variants jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(variants) = 'array'),
        dependencies jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(dependencies) = 'array'),
        tags text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL CHECK (version >= 1),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX flags_tags_idx ON "flag".flags USING gin (tags)`);
    await queryRunner.query(`
      CREATE TABLE "flag".flag_audit (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        flag_key text COLLATE "C" NOT NULL,
        action text NOT NULL CHECK (action IN ('created', 'updated', 'deleted', 'killed')),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL,
        flag_version integer,
        diff jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX flag_audit_key_seq_idx ON "flag".flag_audit (flag_key, seq DESC)`);
    await queryRunner.query(`
      CREATE TABLE "flag".flag_revision (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision bigint NOT NULL CHECK (revision >= 0)
      )`);
    await queryRunner.query(`INSERT INTO "flag".flag_revision (singleton, revision) VALUES (true, 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "flag".flag_revision`);
    await queryRunner.query(`DROP TABLE IF EXISTS "flag".flag_audit`);
    await queryRunner.query(`DROP TABLE IF EXISTS "flag".flags`);
  }
}
