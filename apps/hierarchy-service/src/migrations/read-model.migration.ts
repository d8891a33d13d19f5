import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from '@forecastin/persistence';

/**
 * The read model of the tree (one row per entity, counts maintained by the projection), the ids of
 * the events applied per workspace (consistency tokens, duplicate detection) and the projection's
 * position in the stream, written in the same transaction as every change.
 */
export class ReadModel1795400000000 implements MigrationInterface {
  readonly name = 'ReadModel1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "hierarchy".nodes (
        workspace_id uuid NOT NULL,
        id uuid NOT NULL,
        path ltree NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        entity_type text NOT NULL,
        depth integer GENERATED ALWAYS AS (nlevel(path)) STORED,
        parent_id uuid,
        children_count integer NOT NULL DEFAULT 0 CHECK (children_count >= 0),
        descendant_count integer NOT NULL DEFAULT 0 CHECK (descendant_count >= 0),
        entity_version integer NOT NULL,
        PRIMARY KEY (workspace_id, id)
      )`);
    // btree on (workspace, path): exact lookups, ancestors (path = ANY(prefixes)) and subtree range
    // scans in path order (a subtree is one contiguous range of the ltree order).
    await queryRunner.query(`CREATE UNIQUE INDEX nodes_workspace_path_uq ON "hierarchy".nodes (workspace_id, path)`);
    // GiST for lquery search (~) and <@ / @> filters the btree cannot answer.
    await queryRunner.query(`CREATE INDEX nodes_path_gist ON "hierarchy".nodes USING gist (path)`);
    // Children (and roots, parent_id IS NULL) in key order.
    await queryRunner.query(`CREATE INDEX nodes_children_idx ON "hierarchy".nodes (workspace_id, parent_id, key)`);
    // Case-insensitive name prefix search (LIKE 'abc%' on lower(name)).
    await queryRunner.query(`CREATE INDEX nodes_name_prefix_idx ON "hierarchy".nodes (workspace_id, lower(name) text_pattern_ops, path)`);
    await enableTenantIsolation(queryRunner, 'hierarchy.nodes');

    await queryRunner.query(`
      CREATE TABLE "hierarchy".applied_events (
        workspace_id uuid NOT NULL,
        event_id uuid NOT NULL,
        stream_sequence bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX applied_events_applied_at_idx ON "hierarchy".applied_events (applied_at)`);
    await enableTenantIsolation(queryRunner, 'hierarchy.applied_events');

    // One row per consumed stream: the last stream sequence applied (idempotency across redelivery).
    await queryRunner.query(`
      CREATE TABLE "hierarchy".projection_state (
        stream text PRIMARY KEY,
        last_sequence bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "hierarchy".projection_state`);
    await disableTenantIsolation(queryRunner, 'hierarchy.applied_events');
    await queryRunner.query(`DROP TABLE IF EXISTS "hierarchy".applied_events`);
    await disableTenantIsolation(queryRunner, 'hierarchy.nodes');
    await queryRunner.query(`DROP TABLE IF EXISTS "hierarchy".nodes`);
  }
}
