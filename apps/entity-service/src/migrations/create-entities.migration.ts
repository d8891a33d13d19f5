import { disableTenantIsolation, enableTenantIsolation } from '@forecastin/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The entity tree (the write model) and the idempotency keys of creates. This file is the one
 * definition of the table: the seed tool and the benchmark write into exactly these columns.
 *
 * - `path` (ltree) is the keys from the root; `UNIQUE (workspace_id, path)` is what makes a key
 *   unique among siblings, roots included (siblings with one key would share one path).
 * - `path_depth` is derived from `path`, so it can never disagree with it.
 * - `location` keeps the GeoJSON exactly as accepted (`json`, not `jsonb`: no reordering, no
 *   number normalisation); `geom` is the indexed PostGIS copy, forced 2D and made valid, so
 *   spatial predicates never fail on a self-intersecting ring a client was allowed to send.
 * - `children_count` is not stored: it is counted per read through the (workspace_id, parent_id)
 *   index, so bulk loads and subtree moves never have to maintain a counter on hot parents.
 */
export class CreateEntities1795333500000 implements MigrationInterface {
  readonly name = 'CreateEntities1795333500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Trusted extension (PG 13+): the database owner may create it. Kept in public with ltree/PostGIS.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await queryRunner.query(`
      CREATE TABLE entity.entities (
        workspace_id     uuid NOT NULL,
        id               uuid NOT NULL,
        parent_id        uuid,
        key              text NOT NULL,
        name             text NOT NULL,
        entity_type      text NOT NULL,
        description      text,
        path             public.ltree NOT NULL,
        path_depth       integer GENERATED ALWAYS AS (public.nlevel(path)) STORED,
        location         json,
        geom             public.geometry(Geometry, 4326),
        metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
        confidence_score double precision,
        version          integer NOT NULL DEFAULT 1,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT entities_pkey PRIMARY KEY (workspace_id, id),
        CONSTRAINT entities_parent_fkey FOREIGN KEY (workspace_id, parent_id) REFERENCES entity.entities (workspace_id, id),
        CONSTRAINT entities_key_check CHECK (key ~ '^[a-z0-9_]{1,63}$'),
        CONSTRAINT entities_entity_type_check CHECK (entity_type ~ '^[a-z0-9_]{1,63}$'),
        CONSTRAINT entities_path_ends_in_key CHECK (public.subpath(path, -1)::text = key),
        CONSTRAINT entities_depth_check CHECK (public.nlevel(path) BETWEEN 1 AND 32),
        CONSTRAINT entities_root_has_no_parent CHECK ((parent_id IS NULL) = (public.nlevel(path) = 1)),
        CONSTRAINT entities_confidence_check CHECK (confidence_score BETWEEN 0 AND 1),
        CONSTRAINT entities_geom_follows_location CHECK ((location IS NULL) = (geom IS NULL)),
        CONSTRAINT entities_version_check CHECK (version >= 1)
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX entities_workspace_path_key ON entity.entities (workspace_id, path)`);
    await queryRunner.query(`CREATE INDEX entities_path_gist ON entity.entities USING gist (path)`);
    await queryRunner.query(`CREATE INDEX entities_parent_idx ON entity.entities (workspace_id, parent_id)`);
    await queryRunner.query(`CREATE INDEX entities_type_path_idx ON entity.entities (workspace_id, entity_type, path)`);
    await queryRunner.query(`CREATE INDEX entities_geom_gist ON entity.entities USING gist (geom)`);
    await queryRunner.query(`CREATE INDEX entities_name_trgm ON entity.entities USING gin (name public.gin_trgm_ops)`);
    await enableTenantIsolation(queryRunner, 'entity.entities');

    // The first answer to a create with an Idempotency-Key, replayed for retries with the same body.
    await queryRunner.query(`
      CREATE TABLE entity.idempotency_keys (
        workspace_id   uuid NOT NULL,
        user_id        text NOT NULL,
        key            text NOT NULL,
        request_hash   text NOT NULL,
        entity_id      uuid NOT NULL,
        event_id       uuid NOT NULL,
        response       jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (workspace_id, user_id, key)
      )
    `);
    await queryRunner.query(`CREATE INDEX idempotency_keys_created_idx ON entity.idempotency_keys (created_at)`);
    await enableTenantIsolation(queryRunner, 'entity.idempotency_keys');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantIsolation(queryRunner, 'entity.idempotency_keys');
    await queryRunner.query(`DROP TABLE entity.idempotency_keys`);
    await disableTenantIsolation(queryRunner, 'entity.entities');
    await queryRunner.query(`DROP TABLE entity.entities`);
  }
}
