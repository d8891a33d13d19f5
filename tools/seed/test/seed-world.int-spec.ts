import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { entityCreatedEventSchema, type EntityCreatedEvent } from '@forecastin/contracts';
import { NatsDependency, OutboxRelay } from '@forecastin/messaging';
import { appRoleName } from '@forecastin/persistence';
import { createCaptureLogger, deleteTestStream, eventually, migratedServiceDatabase, testNatsEnv, uniqueTestPrefix, type TestDatabase } from '@forecastin/testing';
import type { ConsumerMessages, JsMsg } from 'nats';
import { Client } from 'pg';
import { SeedRefusedError, seedWorld } from '../src/seed-writer';

// The table and outbox as entity-service's own `migrate` command builds them (the test target builds the app first).
const ENTITY_MAIN = path.join(__dirname, '..', '..', '..', 'apps', 'entity-service', 'dist', 'main.js');
const NODES = 3000;

let database: TestDatabase;
let sql: Client;
const workspace = randomUUID();

async function rows<T>(text: string, parameters: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, parameters)).rows as T[];
}

beforeAll(async () => {
  database = await migratedServiceDatabase(ENTITY_MAIN);
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  const result = await seedWorld({ databaseUrl: database.url, workspaceId: workspace, nodes: NODES, seed: '7', chunkSize: 700 });
  // The test database's login owns entity.outbox (no row-level security applies to it): events are COPYed straight in.
  expect(result).toMatchObject({ nodes: NODES, events: NODES, outboxPath: 'copy' });
  // The database's phases are timed one after the other on one connection: they never add up to more than the run.
  const { setupSeconds, copySeconds, insertSeconds, outboxSeconds, commitSeconds, waitingForRowsSeconds } = result.phases;
  expect(Math.min(copySeconds, insertSeconds, outboxSeconds, commitSeconds)).toBeGreaterThan(0);
  expect(setupSeconds + copySeconds + insertSeconds + outboxSeconds + commitSeconds + waitingForRowsSeconds).toBeCloseTo(result.seconds, 2);
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe('seed tool on entity-service\'s migrated schema (real Postgres + PostGIS)', () => {
  it('writes a valid tree: every path = parent path + key, depth from the path, no orphans, one root', async () => {
    const problems = await rows<{ path: string; problem: string }>(
      `SELECT e.path::text AS path,
              CASE WHEN e.parent_id IS NULL AND e.path::text <> e.key THEN 'root path is not its key'
                   WHEN e.parent_id IS NOT NULL AND p.id IS NULL THEN 'orphan'
                   WHEN e.parent_id IS NOT NULL AND e.path <> p.path || e.key::ltree THEN 'path is not parent path + key'
                   WHEN e.path_depth <> nlevel(e.path) OR e.path_depth > 32 THEN 'depth' END AS problem
         FROM entity.entities e LEFT JOIN entity.entities p ON p.workspace_id = e.workspace_id AND p.id = e.parent_id
        WHERE e.workspace_id = $1
          AND ((e.parent_id IS NULL AND e.path::text <> e.key) OR (e.parent_id IS NOT NULL AND (p.id IS NULL OR e.path <> p.path || e.key::ltree))
               OR e.path_depth <> nlevel(e.path) OR e.path_depth > 32)`,
      [workspace],
    );
    expect(problems).toEqual([]);
    const [summary] = await rows<{ n: number; roots: number; types: number; max_depth: number; versions: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE parent_id IS NULL)::int AS roots, count(DISTINCT entity_type)::int AS types,
              max(path_depth) AS max_depth, count(*) FILTER (WHERE version <> 1)::int AS versions
         FROM entity.entities WHERE workspace_id = $1`,
      [workspace],
    );
    expect(summary).toEqual({ n: NODES, roots: 1, types: 8, max_depth: 7, versions: 0 });
  });

  it('stores valid geometry (ST_IsValid), equal to what the service derives from the GeoJSON it keeps', async () => {
    const [geometry] = await rows<{ located: number; invalid: number; differs: number; polygons: number; points: number }>(
      `SELECT count(*) FILTER (WHERE geom IS NOT NULL)::int AS located,
              count(*) FILTER (WHERE NOT public.ST_IsValid(geom))::int AS invalid,
              count(*) FILTER (WHERE NOT public.ST_Equals(geom, public.ST_MakeValid(public.ST_SetSRID(public.ST_Force2D(public.ST_GeomFromGeoJSON(location::text)), 4326)))
                                  OR public.ST_SRID(geom) <> 4326)::int AS differs,
              count(*) FILTER (WHERE public.GeometryType(geom) = 'POLYGON')::int AS polygons,
              count(*) FILTER (WHERE public.GeometryType(geom) = 'POINT')::int AS points
         FROM entity.entities WHERE workspace_id = $1`,
      [workspace],
    );
    expect(geometry?.invalid).toBe(0);
    expect(geometry?.differs).toBe(0);
    expect(geometry?.polygons).toBeGreaterThan(50);
    expect(geometry?.points).toBeGreaterThan(500);
  });

  it('stores exactly one entity_created event per entity in the outbox: the contract\'s envelope with the row as a fresh create returns it', async () => {
    const events = await rows<{ subject: string; ordering_key: string; event_id: string; payload: EntityCreatedEvent }>(
      'SELECT subject, ordering_key, event_id, payload FROM entity.outbox ORDER BY id',
    );
    expect(events).toHaveLength(NODES);
    const entities = await rows<{ id: string; parent_id: string | null; path: string; key: string; name: string; location: unknown; metadata: unknown; confidence_score: number | null; created_at: Date }>(
      'SELECT id, parent_id, path::text AS path, key, name, location, metadata, confidence_score, created_at FROM entity.entities WHERE workspace_id = $1',
      [workspace],
    );
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    const position = new Map<string, number>();
    for (const [index, row] of events.entries()) {
      const event = entityCreatedEventSchema.parse(row.payload);
      expect(row).toMatchObject({ subject: `evt.${workspace}.entity.created`, ordering_key: `entity:${event.entity_id}`, event_id: event.event_id });
      expect(event).toMatchObject({ workspace_id: workspace, topic: `entity:${event.entity_id}`, entity: { id: event.entity_id, version: 1, children_count: 0 } });
      const stored = byId.get(event.entity_id);
      expect(stored).toBeDefined();
      const { created_at: createdAt, ...fields } = stored ?? { created_at: new Date(0) };
      expect(event.entity).toMatchObject(fields);
      expect(event.entity.created_at).toBe(createdAt.toISOString());
      if (position.has(event.entity_id)) throw new Error(`two events for ${event.entity_id}`);
      // Parents' events come first, so a projection applying them in order always finds the parent.
      if (event.entity.parent_id !== null) expect(position.has(event.entity.parent_id)).toBe(true);
      position.set(event.entity_id, index);
    }
    expect(position.size).toBe(byId.size);
  });

  it('keeps the rows in their workspace: another tenant sees none of them through row-level security', async () => {
    await sql.query('BEGIN');
    try {
      await sql.query(`SELECT set_config('app.workspace_id', $1, true)`, [randomUUID()]);
      await sql.query(`SET LOCAL ROLE ${appRoleName('entity')}`);
      const [other] = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM entity.entities')).rows;
      expect(other?.n).toBe(0);
    } finally {
      await sql.query('ROLLBACK');
    }
    expect(await rows('SELECT 1 FROM entity.entities WHERE workspace_id <> $1', [workspace])).toEqual([]);
  });

  it('refuses a workspace that already has entities, writing nothing', async () => {
    await expect(seedWorld({ databaseUrl: database.url, workspaceId: workspace, nodes: 10, seed: '7' })).rejects.toThrow(SeedRefusedError);
    expect(await rows('SELECT count(*)::int AS n FROM entity.outbox')).toEqual([{ n: NODES }]);
  });

  it('is deterministic per seed: another workspace seeded with the same seed gets the same world under new ids', async () => {
    const twin = randomUUID();
    await seedWorld({ databaseUrl: database.url, workspaceId: twin, nodes: NODES, seed: '7' });
    const shape = `SELECT string_agg(path::text || '|' || name || '|' || entity_type || '|' || coalesce(location::text, '') || '|' || metadata::text, E'\\n' ORDER BY path) AS tree,
                          count(*) FILTER (WHERE id IN (SELECT id FROM entity.entities WHERE workspace_id = $2))::int AS shared_ids
                     FROM entity.entities WHERE workspace_id = $1`;
    const [original] = await rows<{ tree: string; shared_ids: number }>(shape, [workspace, twin]);
    const [copy] = await rows<{ tree: string }>(shape, [twin, workspace]);
    expect(copy?.tree).toBe(original?.tree);
    expect(original?.shared_ids).toBe(0);
  }, 60_000);

  it('a login that the outbox\'s row-level security applies to (a tenant-role member, not the owner) stages the events instead: the same rows, in tree order', async () => {
    const login = `seed_login_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await sql.query(`CREATE ROLE ${login} LOGIN IN ROLE ${appRoleName('entity')}`);
    const other = randomUUID();
    try {
      const url = new URL(database.url);
      url.username = login;
      url.password = '';
      const result = await seedWorld({ databaseUrl: url.toString(), workspaceId: other, nodes: 500, seed: '7', chunkSize: 150 });
      expect(result).toMatchObject({ nodes: 500, events: 500, outboxPath: 'staged' });
    } finally {
      await sql.query(`DROP ROLE ${login}`);
    }
    const events = await rows<{ entity_id: string; parent_id: string | null; event_id: string; ordering_key: string; headers: unknown; payload: EntityCreatedEvent }>(
      `SELECT payload->>'entity_id' AS entity_id, payload->'entity'->>'parent_id' AS parent_id, event_id, ordering_key, headers, payload
         FROM entity.outbox WHERE subject = $1 ORDER BY id`,
      [`evt.${other}.entity.created`],
    );
    expect(events).toHaveLength(500);
    const seen = new Set<string>();
    for (const row of events) {
      const event = entityCreatedEventSchema.parse(row.payload);
      expect(row).toMatchObject({ event_id: event.event_id, ordering_key: `entity:${event.entity_id}`, headers: { 'x-request-id': event.correlation_id } });
      if (row.parent_id !== null) expect(seen.has(row.parent_id)).toBe(true);
      seen.add(row.entity_id);
    }
    expect(await rows('SELECT count(*)::int AS n FROM entity.entities WHERE workspace_id = $1', [other])).toEqual([{ n: 500 }]);
  }, 60_000);

  it('the outbox relay publishes them to JetStream: exactly one message per entity, Nats-Msg-Id = event_id, parents first', async () => {
    const prefix = uniqueTestPrefix('seed');
    const natsEnv = testNatsEnv(prefix);
    const { logger } = createCaptureLogger('silent');
    const nats = new NatsDependency({ url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', connectionName: 'seed-test', logger, subjectPrefix: prefix, eventsStream: natsEnv.EVENTS_STREAM, eventsMaxAgeMs: 600_000 });
    await nats.connect();
    const relay = new OutboxRelay({ url: database.url, schema: 'entity', nats, logger });
    try {
      const total = (await rows<{ n: number }>('SELECT count(*)::int AS n FROM entity.outbox'))[0]?.n ?? 0;
      await relay.connect();
      const jsm = await nats.jetstreamManager();
      await eventually(async () => expect((await jsm.streams.info(natsEnv.EVENTS_STREAM)).state.messages).toBe(total), 90_000);
      await eventually(async () => expect(await rows('SELECT count(*)::int AS n FROM entity.outbox')).toEqual([{ n: 0 }]), 10_000);

      const consumer = await nats.jetstream().consumers.get(natsEnv.EVENTS_STREAM);
      const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 });
      const seen = new Set<string>();
      for await (const message of messages as AsyncIterable<JsMsg>) {
        const event = entityCreatedEventSchema.parse(message.json());
        expect(message.headers?.get('Nats-Msg-Id')).toBe(event.event_id);
        expect(message.subject).toBe(`${prefix}.evt.${event.workspace_id}.entity.created`);
        expect(seen.has(event.entity_id)).toBe(false);
        if (event.entity.parent_id !== null) expect(seen.has(event.entity.parent_id)).toBe(true);
        seen.add(event.entity_id);
        if (message.info.pending === 0) break;
      }
      await messages.close();
      expect(seen.size).toBe(total);
      expect((await rows<{ n: number }>('SELECT count(*)::int AS n FROM entity.entities'))[0]?.n).toBe(total);
    } finally {
      await relay.close();
      await nats.close();
      await deleteTestStream(natsEnv.EVENTS_STREAM);
    }
  }, 120_000);
});
