import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { CONSISTENCY_TOKEN_HEADER, type Node } from '@forecastin/contracts';
import { DEV_IDENTITY_SIGNING_KEY, signIdentity } from '@forecastin/lifecycle';
import {
  createTestDatabase,
  deleteTestKeys,
  deleteTestStream,
  eventually,
  runServiceCommand,
  startServiceProcess,
  testNatsEnv,
  testRedisEnv,
  uniqueTestPrefix,
  type ServiceProcess,
  type TestDatabase,
} from '@forecastin/testing';
import { seededRandom, type ExpectedNode } from './support/entity-tree.model';
import { HierarchyClient, MAIN } from './support/hierarchy-cluster';

const ENTITY_MAIN = path.join(__dirname, '..', '..', 'entity-service', 'dist', 'main.js');

/**
 * The real producer: entity-service (its outbox relay publishes to JetStream) and two hierarchy
 * instances on one database (schemas `entity` and `hierarchy`, as deployed), one stream, one Redis.
 */
describe('hierarchy read model fed by the built entity-service', () => {
  const prefix = uniqueTestPrefix('hier_x');
  const env = { ...testNatsEnv(prefix), ...testRedisEnv(prefix), LOG_LEVEL: 'warn' };
  const workspace = randomUUID();
  let database: TestDatabase;
  let sql: Client;
  let entity: ServiceProcess;
  const hierarchy: ServiceProcess[] = [];
  let a: HierarchyClient;
  let b: HierarchyClient;

  async function write(method: string, url: string, body?: unknown): Promise<{ status: number; body: { id?: string }; token: string | null }> {
    const identity = signIdentity(
      { sub: 'analyst-1', workspace_id: workspace, roles: ['analyst'], request_id: 'req_x', exp: Math.floor(Date.now() / 1000) + 300 },
      DEV_IDENTITY_SIGNING_KEY,
    );
    const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const response = await fetch(`${entity.baseUrl}${url}`, {
      method,
      headers: { 'x-forecastin-identity': identity, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { id?: string }) : {}, token: response.headers.get(CONSISTENCY_TOKEN_HEADER) };
  }

  /** The tree as the write side has it, with counts recomputed from its paths. */
  async function recomputed(): Promise<ExpectedNode[]> {
    const { rows } = await sql.query<ExpectedNode>(
      `SELECT e.id, e.path::text AS path, e.key, e.name, e.entity_type, e.path_depth AS depth, e.parent_id,
              (SELECT count(*)::int FROM entity.entities c WHERE c.workspace_id = e.workspace_id AND c.parent_id = e.id) AS children_count,
              (SELECT count(*)::int - 1 FROM entity.entities d WHERE d.workspace_id = e.workspace_id AND d.path <@ e.path) AS descendant_count
         FROM entity.entities e WHERE e.workspace_id = $1 ORDER BY e.id`,
      [workspace],
    );
    return rows;
  }

  async function readModel(): Promise<ExpectedNode[]> {
    const { rows } = await sql.query<ExpectedNode>(
      `SELECT id, path::text AS path, key, name, entity_type, depth, parent_id, children_count, descendant_count
         FROM hierarchy.nodes WHERE workspace_id = $1 ORDER BY id`,
      [workspace],
    );
    return rows;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'hier_x' });
    for (const main of [ENTITY_MAIN, MAIN]) {
      const migrated = await runServiceCommand(main, ['migrate'], { DATABASE_URL: database.url });
      if (migrated.code !== 0) throw new Error(`migrate ${main}: ${migrated.output.join('\n')}`);
    }
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    const serviceEnv = { ...env, DATABASE_URL: database.url, CACHE_L1_TTL_MS: '600000' };
    entity = await startServiceProcess({ main: ENTITY_MAIN, env: serviceEnv, readyTimeoutMs: 30_000 });
    for (let index = 0; index < 2; index++) hierarchy.push(await startServiceProcess({ main: MAIN, env: serviceEnv, readyTimeoutMs: 30_000 }));
    a = new HierarchyClient(hierarchy[0]?.baseUrl ?? '', workspace);
    b = new HierarchyClient(hierarchy[1]?.baseUrl ?? '', workspace);
  }, 180_000); // two migrations and three service starts: minutes on a loaded machine

  afterAll(async () => {
    await Promise.allSettled([entity, ...hierarchy].filter(Boolean).map((child) => child.stop()));
    await sql?.end();
    await database?.drop();
    await deleteTestStream(env.EVENTS_STREAM);
    await deleteTestKeys(env.REDIS_KEY_PREFIX);
  });

  it('after random creates, renames, key renames, moves and deletes through the entity API, the read model equals the recomputed tree', async () => {
    const random = seededRandom(20261122);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    let lastToken: string | null = null;
    for (let step = 0; step < 70; step++) {
      // Ordered by path (keys come from the step numbers), not by the random ids: the same seed then makes the same
      // sequence of writes every run (by id, a late cascade delete sometimes left fewer than 6 entities).
      const ids = (await sql.query<{ id: string }>('SELECT id FROM entity.entities WHERE workspace_id = $1 ORDER BY path', [workspace])).rows.map((row) => row.id);
      const target = pick(ids);
      const roll = random();
      let answer: Awaited<ReturnType<typeof write>>;
      if (target === undefined || roll < 0.45) {
        answer = await write('POST', '/api/v1/entities', { name: `Node ${step}`, entity_type: pick(['region', 'country', 'city']), key: `n${step}`, parent_id: random() < 0.15 ? null : (target ?? null) });
      } else if (roll < 0.6) answer = await write('PATCH', `/api/v1/entities/${target}`, { name: `Renamed ${step}` });
      else if (roll < 0.72) answer = await write('PATCH', `/api/v1/entities/${target}`, { key: `k${step}` });
      else if (roll < 0.9) answer = await write('POST', `/api/v1/entities/${target}/move`, { parent_id: random() < 0.2 ? null : (pick(ids) ?? null) });
      else answer = await write('DELETE', `/api/v1/entities/${target}?cascade=true`);
      // 409s (cycles, taken keys) are the write side refusing: nothing to project.
      expect([200, 201, 204, 409]).toContain(answer.status);
      if (answer.token) lastToken = answer.token;
    }
    expect(lastToken).not.toBeNull();
    await eventually(async () => expect((await a.get(`/api/v1/hierarchy/roots?consistency_token=${lastToken ?? ''}`)).status).toBe(200), 20_000);
    const expected = await recomputed();
    expect(expected.length).toBeGreaterThan(5);
    expect(await readModel()).toEqual(expected);
  });

  it('never stale: read on both instances → write through the entity API → read with its token on both → the new value', async () => {
    const created = await write('POST', '/api/v1/entities', { name: 'Stale Check', entity_type: 'region', key: 'stale_check' });
    expect(created.status).toBe(201);
    for (const client of [a, b]) {
      await eventually(async () => expect((await client.get<Node>(`/api/v1/hierarchy/nodes/stale_check?consistency_token=${created.token ?? ''}`)).body.name).toBe('Stale Check'), 20_000);
      expect((await client.get<Node>('/api/v1/hierarchy/nodes/stale_check')).body.name).toBe('Stale Check');
    }
    const renamed = await write('PATCH', `/api/v1/entities/${created.body.id ?? ''}`, { name: 'Fresh Check' });
    expect(renamed.status).toBe(200);
    for (const client of [b, a]) {
      const answer = await client.readYourWrite<Node>('/api/v1/hierarchy/nodes/stale_check', renamed.token ?? '');
      expect(answer.status).toBe(200);
      expect(answer.body.name).toBe('Fresh Check');
    }
  });
});
