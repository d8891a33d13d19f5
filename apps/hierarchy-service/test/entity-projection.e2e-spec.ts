import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { Node } from '@forecastin/contracts';
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
import { entityIdsInPathOrder, readModelTrees, recomputedTrees, writeEntity } from './support/entity-service-side';
import { seededRandom } from './support/entity-tree.model';
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

  const write = (method: string, url: string, body?: unknown) => writeEntity(entity.baseUrl, workspace, method, url, body);
  const recomputed = () => recomputedTrees(sql, workspace);
  const readModel = () => readModelTrees(sql, workspace);

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
      // In path order, so the seed makes the same writes every run (by random id, a late cascade delete sometimes left fewer than 6 entities).
      const ids = await entityIdsInPathOrder(sql, workspace);
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
