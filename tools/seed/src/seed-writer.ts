import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { entityCreatedEventSchema, eventSubjectFor } from '@forecastin/contracts';
import { outboxNames } from '@forecastin/messaging';
import { appRoleName } from '@forecastin/persistence';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Prng } from './prng';
import { createdEvent, outboxLine, OUTBOX_COLUMNS, stagingLine, STAGING_COLUMNS, type SeedRun } from './seed-rows';
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
  /** Where the database's time went (each phase from the statement's start to its answer; they do not overlap one another). */
  readonly phases: SeedPhases;
  /** How the events went into entity.outbox: straight COPY (the login is not subject to its row-level security) or through a staging table. */
  readonly outboxPath: 'copy' | 'staged';
  readonly correlationId: string;
}

export interface SeedPhases {
  /** BEGIN, tenant role, tree lock, emptiness check, staging table. */
  readonly setupSeconds: number;
  /** COPY of every chunk's entities into the staging table (sending and parsing). */
  readonly copySeconds: number;
  /** The INSERT … SELECT of every chunk into entity.entities (indexes, constraints, parent FK, tenant policy), and the staging TRUNCATE. */
  readonly insertSeconds: number;
  /** Every chunk's events into entity.outbox: one COPY (`outboxPath` "copy"), or COPY into a staging table and INSERT … SELECT ("staged"). */
  readonly outboxSeconds: number;
  readonly commitSeconds: number;
  /** The rest of `seconds`: the database idle, waiting for the next chunk to be generated (the first one above all). */
  readonly waitingForRowsSeconds: number;
}

export class SeedRefusedError extends Error {
  override readonly name = 'SeedRefusedError';
}

const SCHEMA = 'entity';
const DEFAULT_CHUNK = 20_000;
/** Rows generated between two yields to the event loop, so the COPY in flight keeps streaming meanwhile. */
const YIELD_EVERY = 500;
/** Every event of the first chunk's worth and then one in ~10k go through the contract's schema. */
const VALIDATE_FIRST = 1_000;
const VALIDATE_EVERY = 10_007;

/**
 * The staging table is the bulk path that row-level security allows: Postgres refuses COPY FROM
 * into a table with RLS for a role it applies to (entity.entities forces it even on its owner), so
 * rows are COPYed into a temporary table and moved with INSERT ... SELECT, which the tenant policy
 * checks (WITH CHECK) row by row. The parent FK is checked at the end of that statement, so a
 * chunk's own parents need no particular row order.
 */
const CREATE_STAGING = `
  CREATE TEMP TABLE seed_staging (
    id uuid, parent_id uuid, key text, name text, entity_type text, description text,
    path public.ltree, location json, geom public.geometry, metadata jsonb, confidence_score float8
  ) ON COMMIT DROP`;

const INSERT_ENTITIES = `
  INSERT INTO ${SCHEMA}.entities (workspace_id, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score, created_at, updated_at)
  SELECT $1::uuid, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score, $2::timestamptz, $2::timestamptz
  FROM seed_staging`;

/**
 * entity.outbox has row-level security without FORCE and one policy (the tenant role may insert
 * any row), so its owner (or a BYPASSRLS login) may COPY into it directly: half the bytes of staging
 * the events beside the entities, no second pass over them, no sort. Another login stages them too.
 * Either way the outbox ids follow the COPY's line order, the tree order: the relay publishes
 * parents before children.
 */
const OUTBOX_COPY = `COPY ${SCHEMA}.outbox (${OUTBOX_COLUMNS.join(', ')}) FROM STDIN`;
const CREATE_OUTBOX_STAGING = `CREATE TEMP TABLE seed_outbox (ord bigserial, event_id uuid, subject text, ordering_key text, payload jsonb, headers jsonb) ON COMMIT DROP`;
const OUTBOX_STAGED_COPY = `COPY seed_outbox (${OUTBOX_COLUMNS.join(', ')}) FROM STDIN`;
const INSERT_STAGED_OUTBOX = `INSERT INTO ${SCHEMA}.outbox (${OUTBOX_COLUMNS.join(', ')}) SELECT ${OUTBOX_COLUMNS.join(', ')} FROM seed_outbox ORDER BY ord`;

/** entity-service's tree lock (store/tree-lock.ts): creates hold it shared, moves and deletes exclusively. */
const TREE_LOCK_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtextextended('forecastin:entity-tree:' || $1, 0))`;

/**
 * Writes a generated world into one workspace in ONE transaction: the entities and, beside them in
 * `entity.outbox`, one `entity_created` event each, exactly as entity-service's creates would have
 * stored them. The service's outbox relay publishes them to JetStream after the commit (Nats-Msg-Id
 * = event_id); until then nothing is visible, and a failure leaves nothing behind.
 */
interface Chunk {
  readonly entities: string;
  readonly events: string;
  readonly rows: number;
}

export async function seedWorld(options: SeedOptions): Promise<SeedResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const correlationId = `seed_${randomBytes(6).toString('hex')}`;
  const run: SeedRun = { workspaceId: options.workspaceId, correlationId, createdAt: new Date().toISOString() };
  const subject = eventSubjectFor({ type: 'entity_created', workspace_id: options.workspaceId });
  const headers = JSON.stringify({ 'x-request-id': correlationId });
  const eventIds = new Prng(`events:${options.seed}:${options.workspaceId}`);
  const tree = worldTree({ nodes: options.nodes, seed: options.seed, idSeed: `${options.seed}:${options.workspaceId}` });

  let generated = 0;
  let generationMs = 0;
  /**
   * The next chunk's COPY text, generated while Postgres copies and inserts the previous one: every
   * YIELD_EVERY rows it yields to the event loop, so that chunk's COPY data keeps flowing to the socket.
   */
  const nextChunk = async (): Promise<Chunk> => {
    const lines: string[] = [];
    const eventLines: string[] = [];
    let sliceStarted = performance.now();
    while (lines.length < chunkSize) {
      if (lines.length > 0 && lines.length % YIELD_EVERY === 0) {
        generationMs += performance.now() - sliceStarted;
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
      const next = tree.next();
      if (next.done === true) break;
      const event = createdEvent(next.value, run, eventIds.uuid());
      if (generated < VALIDATE_FIRST || generated % VALIDATE_EVERY === 0) entityCreatedEventSchema.parse(event);
      lines.push(stagingLine(next.value));
      eventLines.push(outboxLine(event, subject, headers));
      generated += 1;
    }
    const chunk = { entities: lines.join(''), events: eventLines.join(''), rows: lines.length };
    generationMs += performance.now() - sliceStarted;
    return chunk;
  };

  const client = new Client({ connectionString: options.databaseUrl, application_name: 'forecastin-seed' });
  await client.connect();
  const started = performance.now();
  const phaseMs = { setup: 0, copy: 0, insert: 0, outbox: 0, commit: 0 };
  const copy = (sql: string, text: string): Promise<void> => pipeline(Readable.from([text]), client.query(copyFrom(sql)));
  const tenantRole = appRoleName(SCHEMA);
  let outboxPath: SeedResult['outboxPath'] = 'staged';
  const timed = async <T>(phase: keyof typeof phaseMs, work: () => Promise<T>): Promise<T> => {
    const phaseStarted = performance.now();
    try {
      return await work();
    } finally {
      phaseMs[phase] += performance.now() - phaseStarted;
    }
  };
  let inserted = 0;
  /** One chunk's entities (as the tenant role) and then its events; the caller generates the next chunk meanwhile. */
  const writeChunk = async (chunk: Chunk): Promise<void> => {
    await timed('copy', () => copy(`COPY seed_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`, chunk.entities));
    await timed('insert', async () => {
      await client.query(INSERT_ENTITIES, [options.workspaceId, run.createdAt]);
      await client.query('TRUNCATE seed_staging');
    });
    await timed('outbox', async () => {
      if (outboxPath === 'copy') {
        // Back to the login for the COPY (the tenant role is subject to the outbox's RLS), then tenant again.
        await client.query('RESET ROLE');
        await copy(OUTBOX_COPY, chunk.events);
        await client.query(`SET LOCAL ROLE ${tenantRole}`);
        return;
      }
      await copy(OUTBOX_STAGED_COPY, chunk.events);
      await client.query(INSERT_STAGED_OUTBOX);
      await client.query('TRUNCATE seed_outbox');
    });
    inserted += chunk.rows;
    options.onProgress?.(inserted, options.nodes);
  };
  let pending: Promise<void> = Promise.resolve();
  try {
    await timed('setup', async () => {
      const [table] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('${SCHEMA}.entities') IS NOT NULL AND to_regclass('${SCHEMA}.outbox') IS NOT NULL AS exists`)).rows;
      if (table?.exists !== true) throw new SeedRefusedError(`${SCHEMA}.entities or ${SCHEMA}.outbox is missing: run \`npx nx run entity-service:migrate\` first`);
      const [outbox] = (await client.query<{ active: boolean }>(`SELECT row_security_active('${SCHEMA}.outbox') AS active`)).rows;
      if (outbox?.active === false) outboxPath = 'copy';
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [options.workspaceId]);
      await client.query(`SET LOCAL ROLE ${tenantRole}`);
      await client.query(TREE_LOCK_SHARED, [options.workspaceId]);
      const [existing] = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.entities WHERE workspace_id = $1`, [options.workspaceId])).rows;
      if (existing !== undefined && existing.n !== '0') {
        throw new SeedRefusedError(`workspace ${options.workspaceId} already has ${existing.n} entities: seed an empty workspace (roots' keys would collide)`);
      }
      await client.query(CREATE_STAGING);
      if (outboxPath === 'staged') await client.query(CREATE_OUTBOX_STAGING);
    });

    for (;;) {
      const chunk = await nextChunk();
      await pending;
      if (chunk.rows === 0) break;
      pending = writeChunk(chunk);
    }
    await timed('commit', () => client.query('COMMIT'));
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
  const databaseMs = phaseMs.setup + phaseMs.copy + phaseMs.insert + phaseMs.outbox + phaseMs.commit;
  const phases: SeedPhases = {
    setupSeconds: phaseMs.setup / 1000,
    copySeconds: phaseMs.copy / 1000,
    insertSeconds: phaseMs.insert / 1000,
    outboxSeconds: phaseMs.outbox / 1000,
    commitSeconds: phaseMs.commit / 1000,
    waitingForRowsSeconds: Math.max(0, seconds - databaseMs / 1000),
  };
  return { nodes: inserted, events: inserted, seconds, entitiesPerSecond: inserted / seconds, generationSeconds: generationMs / 1000, phases, outboxPath, correlationId };
}
