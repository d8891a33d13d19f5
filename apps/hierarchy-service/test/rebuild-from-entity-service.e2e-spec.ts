import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import {
  createCaptureLogger,
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
import { rebuildReadModel } from '../src/commands/rebuild.command';
import type { SnapshotRebuildHooks } from '../src/commands/snapshot-rebuild';
import { hierarchyConfigShape } from '../src/hierarchy-config';
import { migrations } from '../src/migrations';
import { entityIdsInPathOrder, readModelTrees, recomputedTrees, writeEntity } from './support/entity-service-side';
import { seededRandom } from './support/entity-tree.model';
import { MAIN } from './support/hierarchy-cluster';

const ENTITY_MAIN = path.join(__dirname, '..', '..', 'entity-service', 'dist', 'main.js');

/**
 * `rebuild --from entity-service` (and `auto` once the stream no longer starts at sequence 1)
 * against the built entity-service: its snapshot over NATS, the events after it replayed from the
 * stream. Entity and hierarchy schemas share one database, as deployed.
 */
describe('hierarchy-service rebuild from entity-service', () => {
  const prefix = uniqueTestPrefix('hier_rb');
  const env = { ...testNatsEnv(prefix), ...testRedisEnv(prefix), LOG_LEVEL: 'warn' };
  const workspaces = [randomUUID(), randomUUID()];
  let database: TestDatabase;
  let sql: Client;
  let nats: NatsDependency;
  let entity: ServiceProcess;
  const extraStreams: string[] = [];

  const write = (workspace: string, method: string, url: string, body?: unknown) => writeEntity(entity.baseUrl, workspace, method, url, body);

  async function mustWrite(workspace: string, method: string, url: string, body?: unknown): Promise<string> {
    const answer = await write(workspace, method, url, body);
    if (answer.status >= 300) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id ?? '';
  }

  /** Random creates, renames, key renames, moves and cascade deletes through the entity API. */
  async function randomHistory(seed: number, steps: number, among: readonly string[] = workspaces): Promise<void> {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    for (let step = 0; step < steps; step++) {
      const workspace = among[step % among.length] ?? '';
      const ids = await entityIdsInPathOrder(sql, workspace);
      const target = pick(ids);
      const roll = random();
      const key = `s${seed}_${step}`;
      let answer: Awaited<ReturnType<typeof write>>;
      if (target === undefined || roll < 0.5) {
        answer = await write(workspace, 'POST', '/api/v1/entities', { name: `Node ${key}`, entity_type: pick(['region', 'country', 'city']), key, parent_id: random() < 0.15 ? null : (target ?? null) });
      } else if (roll < 0.62) answer = await write(workspace, 'PATCH', `/api/v1/entities/${target}`, { name: `Renamed ${key}` });
      else if (roll < 0.74) answer = await write(workspace, 'PATCH', `/api/v1/entities/${target}`, { key: `k${key}` });
      else if (roll < 0.92) answer = await write(workspace, 'POST', `/api/v1/entities/${target}/move`, { parent_id: random() < 0.2 ? null : (pick(ids) ?? null) });
      else answer = await write(workspace, 'DELETE', `/api/v1/entities/${target}?cascade=true`);
      // 409s (cycles, taken keys) are the write side refusing.
      expect([200, 201, 204, 409]).toContain(answer.status);
    }
  }

  /** Every write so far is in the stream: the relay deletes an outbox row once JetStream acknowledged it. */
  async function published(): Promise<void> {
    await eventually(async () => expect((await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM entity.outbox')).rows[0]?.n).toBe(0), 30_000);
  }

  const recomputed = () => recomputedTrees(sql);
  const readModel = () => readModelTrees(sql);

  async function streamState(): Promise<{ first: number; last: number }> {
    const info = await (await nats.jetstreamManager()).streams.info(env.EVENTS_STREAM);
    return { first: info.state.first_seq, last: info.state.last_seq };
  }

  async function position(): Promise<number> {
    const { rows } = await sql.query<{ last_sequence: string }>('SELECT last_sequence FROM hierarchy.projection_state WHERE stream = $1', [env.EVENTS_STREAM]);
    return Number(rows[0]?.last_sequence ?? -1);
  }

  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    runServiceCommand(MAIN, ['rebuild', ...args], { ...env, DATABASE_URL: database.url, LOG_LEVEL: 'info', ...extraEnv }, { timeoutMs: 120_000 });

  /** The rebuild in this process, so tests can write between its steps (hooks). */
  async function rebuildInProcess(hooks: SnapshotRebuildHooks) {
    const captured = createCaptureLogger('info');
    const config = loadConfig(hierarchyConfigShape, { ...env, DATABASE_URL: database.url });
    await rebuildReadModel({ config, logger: captured.logger }, { schema: 'hierarchy', migrations }, ['--from', 'entity-service'], hooks);
    return captured;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'hier_rb' });
    for (const main of [ENTITY_MAIN, MAIN]) {
      const migrated = await runServiceCommand(main, ['migrate'], { DATABASE_URL: database.url });
      if (migrated.code !== 0) throw new Error(`migrate ${main}: ${migrated.output.join('\n')}`);
    }
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    const { logger } = createCaptureLogger('silent');
    nats = new NatsDependency({ url: 'nats://127.0.0.1:4222', connectionName: 'hierarchy-rebuild-e2e', logger, subjectPrefix: env.NATS_SUBJECT_PREFIX, eventsStream: env.EVENTS_STREAM });
    await nats.connect();
    entity = await startServiceProcess({ main: ENTITY_MAIN, env: { ...env, DATABASE_URL: database.url }, readyTimeoutMs: 30_000 });
  }, 180_000); // two migrations and a service start: minutes on a loaded machine

  afterAll(async () => {
    await entity?.stop();
    await nats?.close();
    await sql?.end();
    await database?.drop();
    for (const stream of [env.EVENTS_STREAM, ...extraStreams]) await deleteTestStream(stream);
    await deleteTestKeys(env.REDIS_KEY_PREFIX);
  });

  it('auto picks entity-service once the stream no longer starts at sequence 1: read model equal to the recomputed trees; --from stream refuses', async () => {
    await randomHistory(7, 80);
    await published();
    const before = await streamState();
    expect(before.first).toBe(1);
    // Older events "aged out": keep the stream from its middle on.
    const keepFrom = Math.floor(before.last / 2);
    await (await nats.jetstreamManager()).streams.purge(env.EVENTS_STREAM, { seq: keepFrom });
    expect((await streamState()).first).toBe(keepFrom);

    const refused = await run(['--from', 'stream']);
    expect(refused.code).toBe(1);
    expect(refused.output.join('\n')).toContain('run rebuild --from entity-service');
    expect(await readModel()).toEqual([]);

    const result = await run([]);
    expect(result.code).toBe(0);
    expect(result.jsonLogs.find((line) => line['msg'] === 'rebuilding the read model')).toMatchObject({ from: 'auto', source: 'entity-service', firstSequence: keepFrom });
    const expected = await recomputed();
    expect(new Set(expected.map((row) => row.workspace_id)).size).toBe(2);
    expect(expected.length).toBeGreaterThan(5);
    expect(result.jsonLogs.find((line) => line['msg'] === 'read model rebuilt from entity-service')).toMatchObject({
      attempts: 1,
      snapshotEntities: expected.length,
      head: before.last,
    });
    expect(await readModel()).toEqual(expected);
    expect(await position()).toBe(before.last);
    expect((await runServiceCommand(MAIN, ['verify'], { ...env, DATABASE_URL: database.url }, { timeoutMs: 90_000 })).code).toBe(0);
  }, 400_000);

  it('writes after S0 and after the snapshot opened are replayed over it: equal to the recomputed trees, counts included', async () => {
    const [ws, other] = workspaces as [string, string];
    const root = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Overlap Root', entity_type: 'region', key: 'overlap_root' });
    const left = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Left', entity_type: 'region', key: 'left', parent_id: root });
    const right = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Right', entity_type: 'region', key: 'right', parent_id: root });
    const leaf = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Leaf', entity_type: 'city', key: 'leaf', parent_id: left });
    await published();
    let s0 = -1;
    const captured = await rebuildInProcess({
      afterStreamPosition: async () => {
        s0 = (await streamState()).last;
        // Committed before the snapshot, published after S0: in the snapshot AND replayed (the version guard absorbs them).
        await mustWrite(ws, 'PATCH', `/api/v1/entities/${leaf}`, { name: 'Leaf renamed before' });
        await mustWrite(ws, 'POST', `/api/v1/entities/${left}/move`, { parent_id: right });
        await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Before', entity_type: 'city', key: 'before', parent_id: root });
        await published();
      },
      afterSnapshotOpened: async () => {
        // Committed after the snapshot: only the replay brings them in.
        const late = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'After', entity_type: 'city', key: 'after', parent_id: left });
        await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'After Child', entity_type: 'city', key: 'after_child', parent_id: late });
        await mustWrite(ws, 'PATCH', `/api/v1/entities/${right}`, { key: 'right_renamed' });
        await mustWrite(ws, 'POST', `/api/v1/entities/${left}/move`, { parent_id: root });
        await mustWrite(ws, 'PATCH', `/api/v1/entities/${leaf}`, { name: 'Leaf renamed after' });
        await mustWrite(ws, 'DELETE', `/api/v1/entities/${right}?cascade=true`);
        await randomHistory(11, 20, [other]);
        await published();
      },
    });
    const done = captured.withMessage('read model rebuilt from entity-service')[0];
    expect(done).toMatchObject({ attempts: 1, fromSequence: s0 + 1, head: (await streamState()).last });
    // Three writes before the snapshot and at least six after it, each one event, all replayed.
    expect(Number(done?.['applied'])).toBeGreaterThanOrEqual(9);
    expect(await readModel()).toEqual(await recomputed());
    expect(await position()).toBe((await streamState()).last);
    const names = (await readModel()).filter((row) => ['leaf', 'after_child'].includes(row.key)).map((row) => `${row.path}:${row.name}`);
    expect(names.sort()).toEqual(['overlap_root.left.after.after_child:After Child', 'overlap_root.left.leaf:Leaf renamed after']);
  }, 400_000);

  it('an entity created and deleted between S0 and the snapshot, its path reused: the attempt is rolled back and retried', async () => {
    const [, ws] = workspaces as [string, string];
    const parent = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Reuse Parent', entity_type: 'region', key: 'reuse_parent' });
    await published();
    const captured = await rebuildInProcess({
      afterStreamPosition: async (attempt) => {
        if (attempt > 1) return;
        const ghost = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Ghost', entity_type: 'city', key: 'ghost', parent_id: parent });
        await mustWrite(ws, 'DELETE', `/api/v1/entities/${ghost}`);
        await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Ghost Again', entity_type: 'city', key: 'ghost', parent_id: parent });
        await published();
      },
    });
    expect(captured.withMessage('conflicted with it')).toHaveLength(1);
    expect(captured.withMessage('read model rebuilt from entity-service')[0]).toMatchObject({ attempts: 2 });
    expect(await readModel()).toEqual(await recomputed());
  }, 400_000);

  it('a child created under an entity that is then deleted with it, both between S0 and the snapshot: no orphan (retried)', async () => {
    const [ws] = workspaces as [string, string];
    const doomed = await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Doomed', entity_type: 'region', key: 'doomed' });
    await published();
    const captured = await rebuildInProcess({
      afterStreamPosition: async (attempt) => {
        if (attempt > 1) return;
        await mustWrite(ws, 'POST', '/api/v1/entities', { name: 'Doomed Child', entity_type: 'city', key: 'doomed_child', parent_id: doomed });
        await mustWrite(ws, 'DELETE', `/api/v1/entities/${doomed}?cascade=true`);
        await published();
      },
    });
    expect(captured.withMessage('conflicted with it')).toEqual([expect.objectContaining({ reason: expect.stringContaining('doomed.doomed_child') })]);
    expect(captured.withMessage('read model rebuilt from entity-service')[0]).toMatchObject({ attempts: 2 });
    expect(await readModel()).toEqual(await recomputed());
  }, 400_000);

  it('refuses when entity-service does not answer, and changes nothing', async () => {
    const before = await readModel();
    expect(before.length).toBeGreaterThan(0);
    const elsewhere = uniqueTestPrefix('hier_rb_none');
    const lonely = testNatsEnv(elsewhere);
    extraStreams.push(lonely.EVENTS_STREAM);
    const result = await run(['--from=entity-service'], lonely);
    expect(result.code).toBe(1);
    expect(result.output.join('\n')).toContain('entity-service did not answer');
    expect(await readModel()).toEqual(before);
  }, 120_000);
});
