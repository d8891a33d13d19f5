import { randomUUID } from 'node:crypto';
import {
  consistencyTokenFor,
  hierarchyDescendantsRequestSchema,
  hierarchyDescendantsResponseSchema,
  hierarchyNodeRequestSchema,
  hierarchyNodeResponseSchema,
  type EventEnvelope,
  type HierarchyColumns,
  type HierarchyStats,
  type Node,
  type NodeWithAncestors,
  type Page,
} from '@forecastin/contracts';
import { rpcRequest, RpcError, type DeadLetter } from '@forecastin/messaging';
import type { Msg } from 'nats';
import { EntityTreeModel } from './support/entity-tree.model';
import { eventually } from '@forecastin/testing';
import { HierarchyClient, startHierarchyCluster } from './support/hierarchy-cluster';

type ErrorBody = { error: { code: string; details?: Array<{ field: string; message: string }>; request_id: string } };

/**
 * Two replicas of the built service on one database, stream and Redis prefix; entity events are
 * published to JetStream as entity-service's outbox relay would. L1 lives ten minutes here, so
 * any fresh read on the other instance proves an invalidation, not an expiry.
 */
describe('hierarchy-service read side (two built instances, real Postgres, Redis, NATS)', () => {
  let cluster: Awaited<ReturnType<typeof startHierarchyCluster>>;
  let a: HierarchyClient;
  let b: HierarchyClient;
  const model = new EntityTreeModel(randomUUID());
  const ids: Record<string, string> = {};

  async function publish(event: EventEnvelope): Promise<string> {
    await cluster.nats.publishEvent(event);
    return consistencyTokenFor(event.event_id);
  }

  async function create(name: string, key: string, parent: string | null, type = 'region'): Promise<string> {
    const event = model.create(parent === null ? null : (ids[parent] ?? null), name, key, type);
    ids[key] = model.ids().at(-1) as string;
    return publish(event);
  }

  beforeAll(async () => {
    cluster = await startHierarchyCluster('hier_read', 2, { CACHE_L1_TTL_MS: '600000' });
    a = new HierarchyClient(cluster.processes[0]?.baseUrl ?? '', model.workspaceId);
    b = new HierarchyClient(cluster.processes[1]?.baseUrl ?? '', model.workspaceId);
    await create('World', 'world', null, 'world');
    await create('Asia', 'asia', 'world');
    await create('Europe', 'europe', 'world');
    await create('Africa', 'africa', 'world');
    await create('Japan', 'japan', 'asia', 'country');
    await create('Tokyo', 'tokyo', 'japan', 'city');
    await create('Osaka', 'osaka', 'japan', 'city');
    const last = await create('France', 'france', 'europe', 'country');
    // The first events may wait for the projector to start (leadership, consumer creation): retry the bounded wait.
    await eventually(async () => expect((await a.get(`/api/v1/hierarchy/roots?consistency_token=${last}`)).status).toBe(200), 20_000);
  });

  afterAll(async () => {
    await cluster?.cleanup();
  });

  it('node with ancestors (breadcrumbs root first) and maintained counts', async () => {
    const { status, body } = await a.get<NodeWithAncestors>('/api/v1/hierarchy/nodes/world.asia.japan');
    expect(status).toBe(200);
    expect(body).toEqual({
      id: ids['japan'],
      path: 'world.asia.japan',
      key: 'japan',
      name: 'Japan',
      entity_type: 'country',
      path_depth: 3,
      children_count: 2,
      descendant_count: 2,
      ancestors: [
        { id: ids['world'], path: 'world', key: 'world', name: 'World' },
        { id: ids['asia'], path: 'world.asia', key: 'asia', name: 'Asia' },
      ],
    });
    const world = await a.get<Node>('/api/v1/hierarchy/nodes/world');
    expect(world.body).toMatchObject({ children_count: 3, descendant_count: 7 });
  });

  it('roots, and children in key order with cursor pagination and an entity_type filter', async () => {
    const roots = await b.get<Page<Node>>('/api/v1/hierarchy/roots');
    expect(roots.body).toMatchObject({ items: [{ path: 'world' }], next_cursor: null, has_more: false });

    const first = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world/children?limit=2');
    expect(first.body.items.map((node) => node.key)).toEqual(['africa', 'asia']);
    expect(first.body.has_more).toBe(true);
    const second = await a.get<Page<Node>>(`/api/v1/hierarchy/nodes/world/children?limit=2&cursor=${first.body.next_cursor ?? ''}`);
    expect(second.body).toMatchObject({ items: [{ key: 'europe' }], next_cursor: null, has_more: false });

    const cities = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world.asia.japan/children?entity_type=city');
    expect(cities.body.items.map((node) => node.key)).toEqual(['osaka', 'tokyo']);
    expect((await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world.asia.japan/children?entity_type=country')).body.items).toEqual([]);
  });

  it('descendants in path order, relative max_depth, entity_type, pages that chain to the end', async () => {
    const all = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world/descendants');
    expect(all.body.items.map((node) => node.path)).toEqual([
      'world.africa',
      'world.asia',
      'world.asia.japan',
      'world.asia.japan.osaka',
      'world.asia.japan.tokyo',
      'world.europe',
      'world.europe.france',
    ]);
    const shallow = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world/descendants?max_depth=1');
    expect(shallow.body.items.map((node) => node.key)).toEqual(['africa', 'asia', 'europe']);
    const cities = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world/descendants?entity_type=city');
    expect(cities.body.items.map((node) => node.key)).toEqual(['osaka', 'tokyo']);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: Page<Node> = (await b.get<Page<Node>>(`/api/v1/hierarchy/nodes/world/descendants?limit=3${query}`)).body;
      paged.push(...page.items.map((node) => node.path));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.body.items.map((node) => node.path));
  });

  it('Miller columns: a column per level with the selected node marked, then the children of the path', async () => {
    const { status, body } = await a.get<HierarchyColumns>('/api/v1/hierarchy/columns/world.asia.japan');
    expect(status).toBe(200);
    expect(body.path).toBe('world.asia.japan');
    expect(body.columns.map((column) => [column.depth, column.parent_path, column.items.map((item) => `${item.key}${item.selected ? '*' : ''}`)])).toEqual([
      [1, null, ['world*']],
      [2, 'world', ['africa', 'asia*', 'europe']],
      [3, 'world.asia', ['japan*']],
      [4, 'world.asia.japan', ['osaka', 'tokyo']],
    ]);
  });

  it('search by case-insensitive name prefix, or by a validated lquery', async () => {
    const byName = await a.get<{ items: Node[] }>('/api/v1/hierarchy/search?q=JaP');
    expect(byName.body.items.map((node) => node.path)).toEqual(['world.asia.japan']);
    const byPattern = await a.get<{ items: Node[] }>('/api/v1/hierarchy/search?lquery=world.*.japan.*');
    expect(byPattern.body.items.map((node) => node.path)).toEqual(['world.asia.japan', 'world.asia.japan.osaka', 'world.asia.japan.tokyo']);
    const limited = await a.get<{ items: Node[] }>('/api/v1/hierarchy/search?lquery=world.*&limit=2');
    expect(limited.body.items).toHaveLength(2);
  });

  it.each([
    ['a path with an empty label', '/api/v1/hierarchy/nodes/world..asia', 'path'],
    ['a path with SQL in it', "/api/v1/hierarchy/nodes/world';drop", 'path'],
    ['an upper-case path', '/api/v1/hierarchy/nodes/World/children', 'path'],
    ['an lquery outside the safe subset', '/api/v1/hierarchy/search?lquery=world.(asia', 'lquery'],
    ['an lquery with a runaway quantifier', '/api/v1/hierarchy/search?lquery=*{2,999}', 'lquery'],
    ['both q and lquery', '/api/v1/hierarchy/search?q=a&lquery=world', ''],
    // Postgres refuses NUL in text: without the storable-text check this was a 500.
    ['a name prefix with a NUL character', '/api/v1/hierarchy/search?q=ja%00p', 'q'],
    ['max_depth above 10', '/api/v1/hierarchy/nodes/world/descendants?max_depth=11', 'max_depth'],
    ['a tampered cursor', '/api/v1/hierarchy/nodes/world/children?cursor=eyJjIjoienoifQ.AAAA', 'cursor'],
    ['a malformed consistency token', '/api/v1/hierarchy/nodes/world?consistency_token=abc', 'consistency_token'],
  ])('%s → 400 VALIDATION_ERROR envelope, never a database error', async (_name, url, field) => {
    const { status, body } = await a.get<ErrorBody>(url);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.request_id).toBeTruthy();
    if (field !== '') expect(body.error.details?.map((detail) => detail.field)).toContain(field);
  });

  it('a cursor of one list is refused by another (descendants cursor on children, or for another subtree)', async () => {
    const page = await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world/descendants?limit=1');
    const cursor = page.body.next_cursor ?? '';
    expect((await a.get('/api/v1/hierarchy/nodes/world/children?cursor=' + cursor)).status).toBe(400);
    expect((await a.get('/api/v1/hierarchy/nodes/world.asia/descendants?cursor=' + cursor)).status).toBe(400);
  });

  it('an unknown path is 404, and so is a node of another workspace', async () => {
    expect((await a.get<ErrorBody>('/api/v1/hierarchy/nodes/world.atlantis')).body.error.code).toBe('RESOURCE_NOT_FOUND');
    const stranger = a.as(randomUUID());
    expect((await stranger.get('/api/v1/hierarchy/nodes/world')).status).toBe(404);
    expect((await stranger.get<Page<Node>>('/api/v1/hierarchy/roots')).body.items).toEqual([]);
    expect((await stranger.get<{ items: Node[] }>('/api/v1/hierarchy/search?q=wor')).body.items).toEqual([]);
  });

  it('never stale across instances: read on both → write → read with its token on both → new value; the other L1 dropped too', async () => {
    const before = await Promise.all([a, b].map((client) => client.get<Node>('/api/v1/hierarchy/nodes/world.asia.japan')));
    expect(before.map((answer) => answer.body.name)).toEqual(['Japan', 'Japan']);
    await Promise.all([a, b].map((client) => client.get('/api/v1/hierarchy/nodes/world.asia/children')));

    const token = await publish(model.rename(ids['japan'] ?? '', 'Nippon'));
    const onB = await b.readYourWrite<Node>('/api/v1/hierarchy/nodes/world.asia.japan', token);
    expect(onB.body.name).toBe('Nippon');
    // A made no fresh read: its L1 entries (node, and the parent's children list) can only have
    // been dropped by the broadcast, since they would live ten minutes otherwise.
    await eventually(async () => expect((await a.get<Node>('/api/v1/hierarchy/nodes/world.asia.japan')).body.name).toBe('Nippon'), 5000);
    await eventually(async () => expect((await a.get<Page<Node>>('/api/v1/hierarchy/nodes/world.asia/children')).body.items[0]?.name).toBe('Nippon'), 5000);
    const onA = await a.readYourWrite<Node>('/api/v1/hierarchy/nodes/world.asia.japan', token);
    expect(onA.body.name).toBe('Nippon');
    expect((await b.get<Page<Node>>('/api/v1/hierarchy/nodes/world.asia/children')).body.items[0]?.name).toBe('Nippon');
  });

  it('a move shows at once under the new parent, with both ancestor chains recounted, on both instances', async () => {
    await Promise.all([a, b].map((client) => client.get('/api/v1/hierarchy/nodes/world.europe/descendants')));
    const token = await publish(model.move(ids['japan'] ?? '', ids['europe'] ?? null));
    for (const client of [a, b]) {
      const moved = await client.readYourWrite<NodeWithAncestors>('/api/v1/hierarchy/nodes/world.europe.japan.tokyo', token);
      expect(moved.status).toBe(200);
      expect(moved.body.ancestors.map((ancestor) => ancestor.key)).toEqual(['world', 'europe', 'japan']);
      expect((await client.get('/api/v1/hierarchy/nodes/world.asia.japan')).status).toBe(404);
      expect((await client.get<Node>('/api/v1/hierarchy/nodes/world.asia')).body).toMatchObject({ children_count: 0, descendant_count: 0 });
      expect((await client.get<Node>('/api/v1/hierarchy/nodes/world.europe')).body).toMatchObject({ children_count: 2, descendant_count: 4 });
      const subtree = await client.get<Page<Node>>('/api/v1/hierarchy/nodes/world.europe/descendants');
      expect(subtree.body.items.map((node) => node.path)).toEqual([
        'world.europe.france',
        'world.europe.japan',
        'world.europe.japan.osaka',
        'world.europe.japan.tokyo',
      ]);
    }
  });

  it('a token that is never applied → 504 UPSTREAM_TIMEOUT after about a second', async () => {
    const started = Date.now();
    const { status, body } = await a.get<ErrorBody>(`/api/v1/hierarchy/nodes/world?consistency_token=${consistencyTokenFor(randomUUID())}`);
    expect(status).toBe(504);
    expect(body.error.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('parks a malformed entity event on the dead-letter subject and keeps applying the next ones', async () => {
    const parked: Msg[] = [];
    const dlq = cluster.nats.connection.subscribe(cluster.nats.subjects.deadLetter('hierarchy-read-model'), { callback: (_error, msg) => parked.push(msg) });
    const subject = cluster.nats.subjects.event(model.workspaceId, 'entity', 'created');
    const js = cluster.nats.jetstream();
    const bad = await js.publish(subject, JSON.stringify({ type: 'entity_created', entity: { id: 'not-a-uuid' } }));
    const token = await create('Oceania', 'oceania', 'world');
    const oceania = await a.readYourWrite<Node>('/api/v1/hierarchy/nodes/world.oceania', token);
    expect(oceania.status).toBe(200);
    await eventually(() => expect(parked.map((msg) => msg.json<DeadLetter>().stream_sequence)).toEqual([bad.seq]));
    dlq.unsubscribe();
  });

  it('stats: counts by depth and type, lag, cache hit rates', async () => {
    const { body } = await a.get<HierarchyStats>('/api/v1/hierarchy/stats');
    expect(body.total_nodes).toBe(model.size);
    expect(body.nodes_by_depth).toEqual({ '1': 1, '2': 4, '3': 2, '4': 2 });
    expect(body.nodes_by_type).toMatchObject({ world: 1, city: 2, country: 2 });
    await eventually(async () => expect((await a.get<HierarchyStats>('/api/v1/hierarchy/stats')).body.lag_events).toBe(0));
    expect(body.cache_hit_rates['l1']).toBeGreaterThan(0);
  });

  it('serves rpc.hierarchy.node / descendants to other services, scoped to the named workspace', async () => {
    const node = await rpcRequest(cluster.nats, cluster.nats.subjects.rpc('hierarchy', 'node'), { workspace_id: model.workspaceId, path: 'world.europe' }, {
      requestSchema: hierarchyNodeRequestSchema,
      responseSchema: hierarchyNodeResponseSchema,
    });
    expect(node).toMatchObject({ id: ids['europe'], ancestors: [{ key: 'world' }] });
    const page = await rpcRequest(
      cluster.nats,
      cluster.nats.subjects.rpc('hierarchy', 'descendants'),
      { workspace_id: model.workspaceId, path: 'world.europe', max_depth: 1, limit: 100 },
      { requestSchema: hierarchyDescendantsRequestSchema, responseSchema: hierarchyDescendantsResponseSchema },
    );
    expect(page.items.map((item) => item.key)).toEqual(['france', 'japan']);
    const missing = rpcRequest(cluster.nats, cluster.nats.subjects.rpc('hierarchy', 'node'), { workspace_id: randomUUID(), path: 'world.europe' }, {
      requestSchema: hierarchyNodeRequestSchema,
      responseSchema: hierarchyNodeResponseSchema,
    });
    await expect(missing).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    await expect(missing).rejects.toBeInstanceOf(RpcError);
  });
});
