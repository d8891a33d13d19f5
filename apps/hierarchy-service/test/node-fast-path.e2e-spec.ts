import { randomUUID } from 'node:crypto';
import { consistencyTokenFor, type EventEnvelope, type NodeWithAncestors } from '@forecastin/contracts';
import { DEV_IDENTITY_SIGNING_KEY, signIdentity } from '@forecastin/lifecycle';
import { eventually } from '@forecastin/testing';
import { EntityTreeModel } from './support/entity-tree.model';
import { retryingBoundedWait, startHierarchyCluster } from './support/hierarchy-cluster';

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Node reads answered from L1 before Nest (NodeFastPath): the same bytes and headers as Nest, the
 * same refusals, and never stale. Two built instances, L1 living ten minutes, so a fresh answer on
 * the instance that made no fresh read proves the broadcast reached the fast path.
 */
describe('hierarchy-service node reads before Nest (two built instances)', () => {
  let cluster: Awaited<ReturnType<typeof startHierarchyCluster>>;
  const model = new EntityTreeModel(randomUUID());
  const ids: Record<string, string> = {};
  /** The token of the last event of the set-up: a read with it goes through Nest. */
  let applied = '';
  const url = '/api/v1/hierarchy/nodes/world.asia.japan';
  const identity = (key = DEV_IDENTITY_SIGNING_KEY, workspaceId = model.workspaceId) =>
    signIdentity({ sub: 'user-1', workspace_id: workspaceId, roles: ['viewer'], request_id: 'req_e2e', exp: Math.floor(Date.now() / 1000) + 300 }, key);

  const base = (instance: number) => cluster.processes[instance]?.baseUrl ?? '';

  async function raw(instance: number, pathAndQuery: string, headers: Record<string, string> = { 'x-forecastin-identity': identity() }): Promise<RawAnswer> {
    const response = await fetch(`${base(instance)}${pathAndQuery}`, { headers: { 'x-request-id': 'req_fast-path.1', ...headers } });
    const answer: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'date') answer[name] = value;
    });
    return { status: response.status, body: await response.text(), headers: answer };
  }

  async function servedBeforeNest(instance: number): Promise<number> {
    const metrics = await (await fetch(`${base(instance)}/metrics`)).text();
    return Number(/^hierarchy_http_fast_path_total(?:{[^}]*})? (\d+)/m.exec(metrics)?.[1] ?? 0);
  }

  async function publish(event: EventEnvelope): Promise<string> {
    await cluster.nats.publishEvent(event);
    return consistencyTokenFor(event.event_id);
  }

  async function create(name: string, key: string, parent: string | null): Promise<string> {
    const token = await publish(model.create(parent === null ? null : (ids[parent] ?? null), name, key, 'region'));
    ids[key] = model.ids().at(-1) as string;
    return token;
  }

  beforeAll(async () => {
    cluster = await startHierarchyCluster('hier_fast', 2, { CACHE_L1_TTL_MS: '600000' });
    await create('World', 'world', null);
    await create('Asia', 'asia', 'world');
    applied = await create('Japan', 'japan', 'asia');
    await eventually(async () => expect((await raw(0, `${url}?consistency_token=${applied}`)).status).toBe(200), 20_000);
  });

  afterAll(async () => {
    await cluster?.cleanup();
  });

  it('an L1 hit answers before Nest with the bytes and headers Nest sends for the same read', async () => {
    await raw(0, url);
    const before = await servedBeforeNest(0);
    const fast = await raw(0, url);
    expect(await servedBeforeNest(0)).toBe(before + 1);
    // A read with a token always goes through Nest (it reads past the caches).
    const nest = await raw(0, `${url}?consistency_token=${applied}`);
    expect(await servedBeforeNest(0)).toBe(before + 1);
    expect(nest.status).toBe(200);
    expect(fast).toEqual(nest);
    expect(fast.headers['x-request-id']).toBe('req_fast-path.1');
    expect(JSON.parse(fast.body) as NodeWithAncestors).toMatchObject({ path: 'world.asia.japan', ancestors: [{ key: 'world' }, { key: 'asia' }] });
  });

  it.each([
    ['no identity', {}],
    ['an identity signed with another key', { 'x-forecastin-identity': identity('another-signing-key-of-at-least-32-chars') }],
    ['a malformed identity', { 'x-forecastin-identity': 'not.a.token' }],
  ])('%s on a cached node is refused exactly as the guard refuses it elsewhere', async (_name, headers: Record<string, string>) => {
    await raw(0, url);
    const before = await servedBeforeNest(0);
    const refused = await raw(0, url, headers);
    const guard = await raw(0, '/api/v1/hierarchy/stats', headers);
    expect(await servedBeforeNest(0)).toBe(before);
    expect(refused.status).toBe(401);
    expect(refused).toEqual(guard);
  });

  it('a node of another workspace is not served from this one (404 through Nest)', async () => {
    await raw(0, url);
    const stranger = await raw(0, url, { 'x-forecastin-identity': identity(DEV_IDENTITY_SIGNING_KEY, randomUUID()) });
    expect(stranger.status).toBe(404);
  });

  it('never stale: an ancestor renamed on the other instance shows in the breadcrumbs served before Nest', async () => {
    for (const instance of [0, 1]) for (let index = 0; index < 2; index++) await raw(instance, url);
    const before = await servedBeforeNest(0);
    const token = await publish(model.rename(ids['asia'] ?? '', 'Asia Pacific'));
    expect((await retryingBoundedWait(() => raw(1, `${url}?consistency_token=${token}`))).status).toBe(200);
    // Instance 0 made no fresh read: only the broadcast can have dropped its ten-minute L1 entry.
    await eventually(async () => expect((JSON.parse((await raw(0, url)).body) as NodeWithAncestors).ancestors[1]?.name).toBe('Asia Pacific'), 5000);
    const again = await raw(0, url);
    expect((JSON.parse(again.body) as NodeWithAncestors).ancestors[1]?.name).toBe('Asia Pacific');
    expect(await servedBeforeNest(0)).toBeGreaterThan(before);
  });
});
