import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { entityCreatedEventSchema, eventSubjectFor } from '@forecastin/contracts';
import { outboxNames } from '@forecastin/messaging';
import { appRoleName } from '@forecastin/persistence';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Prng } from './prng';
import { createdEvent, stagingLine, STAGING_COLUMNS, type SeedRun } from './seed-rows';
import { worldTree } from './world-tree.generator';

export interface SeedOptions {
  readonly databaseUrl: string;
  readonly workspaceId: string;
  readonly nodes: number;
  readonly seed: string;
  /** Entities per COPY + INSERT round. */
  readonly chunkSize?: number;
  /** Called after each chunk is in the table (not yet committed). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  readonly nodes: number;
  readonly events: number;
  readonly seconds: number;
  readonly entitiesPerSecond: number;
  /** Of `seconds`, the time spent generating rows and events (overlaps the database's work on the previous chunk). */
  readonly generationSeconds: number;
  readonly correlationId: string;
}

export class SeedRefusedError extends Error {
  override readonly name = 'SeedRefusedError';
}

const SCHEMA = 'entity';
const DEFAULT_CHUNK = 20_000;
/** Every event of the first chunk's worth and then one in ~10k go through the contract's schema. */
const VALIDATE_FIRST = 1_000;
const VALIDATE_EVERY = 10_007;

/**
 * The staging table is the bulk path that row-level security allows: Postgres refuses COPY FROM
 * into a table with RLS for a role it applies to, so rows are COPYed into a temporary table and
 * moved with INSERT ... SELECT, which the tenant policy checks (WITH CHECK) row by row.
 */
const CREATE_STAGING = `
  CREATE TEMP TABLE seed_staging (
    ord bigint, id uuid, parent_id uuid, key text, name text, entity_type text, description text,
    path public.ltree, location json, geom public.geometry, metadata jsonb, confidence_score float8,
    event_id uuid, payload jsonb
  ) ON COMMIT DROP`;

/**
 * One statement per chunk: the entities, and beside them their events (outbox ids follow `ord`, the
 * tree order, so the relay publishes parents before children). The parent FK is checked at the end
 * of the statement, so a chunk's own parents need no particular row order.
 */
const INSERT_CHUNK = `
  WITH inserted AS (
    INSERT INTO ${SCHEMA}.entities (workspace_id, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score, created_at, updated_at)
    SELECT $1::uuid, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score, $2::timestamptz, $2::timestamptz
    FROM seed_staging
  )
  INSERT INTO ${SCHEMA}.outbox (event_id, subject, ordering_key, payload, headers)
  SELECT event_id, $3, 'entity:' || id, payload, $4::jsonb FROM seed_staging ORDER BY ord`;

/** entity-service's tree lock (store/tree-lock.ts): creates hold it shared, moves and deletes exclusively. */
const TREE_LOCK_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtextextended('forecastin:entity-tree:' || $1, 0))`;

/**
 * Writes a generated world into one workspace in ONE transaction: the entities and, beside them in
 * `entity.outbox`, one `entity_created` event each, exactly as entity-service's creates would have
 * stored them. The service's outbox relay publishes them to JetStream after the commit (Nats-Msg-Id
 * = event_id); until then nothing is visible, and a failure leaves nothing behind.
 */
export async function seedWorld(options: SeedOptions): Promise<SeedResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const correlationId = `seed_${randomBytes(6).toString('hex')}`;
  const run: SeedRun = { workspaceId: options.workspaceId, correlationId, createdAt: new Date().toISOString() };
  const subject = eventSubjectFor({ type: 'entity_created', workspace_id: options.workspaceId });
  const headers = JSON.stringify({ 'x-request-id': correlationId });
  const eventIds = new Prng(`events:${options.seed}:${options.workspaceId}`);
  const tree = worldTree({ nodes: options.nodes, seed: options.seed, idSeed: `${options.seed}:${options.workspaceId}` });

  let ord = 0;
  let generationMs = 0;
  /** The next chunk's COPY text, generated while Postgres inserts the previous one. */
  const nextChunk = (): string => {
    const chunkStarted = performance.now();
    const lines: string[] = [];
    while (lines.length < chunkSize) {
      const next = tree.next();
      if (next.done === true) break;
      const event = createdEvent(next.value, run, eventIds.uuid());
      if (ord < VALIDATE_FIRST || ord % VALIDATE_EVERY === 0) entityCreatedEventSchema.parse(event);
      lines.push(stagingLine(ord, next.value, event));
      ord += 1;
    }
    const text = lines.join('');
    generationMs += performance.now() - chunkStarted;
    return text;
  };

  const client = new Client({ connectionString: options.databaseUrl, application_name: 'forecastin-seed' });
  await client.connect();
  const started = performance.now();
  let pending: Promise<void> = Promise.resolve();
  try {
    const [table] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('${SCHEMA}.entities') IS NOT NULL AND to_regclass('${SCHEMA}.outbox') IS NOT NULL AS exists`)).rows;
    if (table?.exists !== true) throw new SeedRefusedError(`${SCHEMA}.entities or ${SCHEMA}.outbox is missing: run \`npx nx run entity-service:migrate\` first`);
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [options.workspaceId]);
    await client.query(`SET LOCAL ROLE ${appRoleName(SCHEMA)}`);
    await client.query(TREE_LOCK_SHARED, [options.workspaceId]);
    const [existing] = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.entities WHERE workspace_id = $1`, [options.workspaceId])).rows;
    if (existing !== undefined && existing.n !== '0') {
      throw new SeedRefusedError(`workspace ${options.workspaceId} already has ${existing.n} entities: seed an empty workspace (roots' keys would collide)`);
    }
    await client.query(CREATE_STAGING);

    let inserted = 0;
    for (;;) {
      const text = nextChunk();
      await pending;
      if (text.length === 0) break;
      const rows = ord - inserted;
      await pipeline(Readable.from([text]), client.query(copyFrom(`COPY seed_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`)));
      pending = (async () => {
        await client.query(INSERT_CHUNK, [options.workspaceId, run.createdAt, subject, headers]);
        await client.query('TRUNCATE seed_staging');
        inserted += rows;
        options.onProgress?.(inserted, options.nodes);
      })();
    }
    await client.query('COMMIT');
    // entity.outbox has no NOTIFY trigger (entity-service wakes its relay after commit): wake it here too.
    await client.query(`SELECT pg_notify($1, '')`, [outboxNames(SCHEMA).channel]);
  } catch (error: unknown) {
    await pending.catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { nodes: ord, events: ord, seconds, entitiesPerSecond: ord / seconds, generationSeconds: generationMs / 1000, correlationId };
}
