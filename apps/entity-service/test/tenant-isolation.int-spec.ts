import { randomUUID } from 'node:crypto';
import {
  entityBatchGetRequestSchema,
  entityBatchGetResponseSchema,
  entityGetRequestSchema,
  entityGetResponseSchema,
} from '@forecastin/contracts';
import { NatsDependency, rpcRequest } from '@forecastin/messaging';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';
import { rpcError } from './support/rpc-error';

const harness = useEntityService();

const point = { type: 'Point', coordinates: [10, 10] };

describe('tenant isolation', () => {
  it("workspace B gets 404 for A's entities on every endpoint and sees none of them through any list filter", async () => {
    const a = entityApi(harness, randomUUID());
    const b = entityApi(harness, randomUUID());
    const world = await mustCreate(a, { name: 'World', entity_type: 'region', location: point });
    const asia = await mustCreate(a, { name: 'Asia', entity_type: 'region', parent_id: world.id, location: point });
    const mine = await mustCreate(b, { name: 'Mine', entity_type: 'region' });

    expect((await b.get(world.id)).status).toBe(404);
    expect((await b.get(world.id, { 'if-none-match': '"1"' })).status).toBe(404);
    expect((await b.patch(world.id, { name: 'Taken' })).status).toBe(404);
    expect((await b.patch(asia.id, { key: 'stolen' })).status).toBe(404);
    expect((await b.move(asia.id, null)).status).toBe(404);
    expect((await b.move(mine.id, world.id)).status).toBe(404);
    expect((await b.remove(world.id, '?cascade=true')).status).toBe(404);
    expect((await b.create({ name: 'Spy', entity_type: 'city', parent_id: world.id })).status).toBe(404);
    for (const query of ['', `?parent_id=${world.id}`, '?path=world', '?path=world.asia', '?bbox=9,9,11,11', '?q=Asia', '?entity_type=region']) {
      const listed = await b.list(query);
      expect(listed.status).toBe(200);
      expect(listed.body.items.filter((item) => item.id !== mine.id)).toEqual([]);
    }
    const body = (await b.get(world.id)).body as unknown as { error: { code: string } };
    expect(body.error.code).toBe('RESOURCE_NOT_FOUND');

    // B may use the same keys and paths: uniqueness is per workspace.
    expect((await b.create({ name: 'World', entity_type: 'region' })).status).toBe(201);
    // A is untouched by all of it.
    expect((await a.get(world.id)).body).toMatchObject({ name: 'World', version: 1, children_count: 1 });
    expect((await a.list('?path=world')).body.items.map((item) => item.path)).toEqual(['world', 'world.asia']);
  });

  it('rpc.entity.get / batch_get answer only within the workspace named in the request', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const world = await mustCreate(api, { name: 'World', entity_type: 'region' });
    const asia = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: world.id });
    const nats = harness.service.app.get(NatsDependency);
    const get = (request: { workspace_id: string; id: string }) =>
      rpcRequest(nats, nats.subjects.rpc('entity', 'get'), request, { requestSchema: entityGetRequestSchema, responseSchema: entityGetResponseSchema });
    const batch = (request: { workspace_id: string; ids: string[] }) =>
      rpcRequest(nats, nats.subjects.rpc('entity', 'batch_get'), request, {
        requestSchema: entityBatchGetRequestSchema,
        responseSchema: entityBatchGetResponseSchema,
      });

    expect(await get({ workspace_id: workspace, id: asia.id })).toEqual(await api.get(asia.id).then((response) => response.body));
    expect((await rpcError(get({ workspace_id: randomUUID(), id: asia.id }))).code).toBe('RESOURCE_NOT_FOUND');
    const missing = randomUUID();
    expect(await batch({ workspace_id: workspace, ids: [asia.id, missing, world.id, asia.id] })).toEqual({
      items: [expect.objectContaining({ id: asia.id }), expect.objectContaining({ id: world.id })],
      missing: [missing],
    });
    expect(await batch({ workspace_id: randomUUID(), ids: [asia.id, world.id] })).toEqual({ items: [], missing: [asia.id, world.id] });

    // Invalid input is refused by the responder with field details (sent raw, past the client's own check).
    const raw = await nats.connection.request(nats.subjects.rpc('entity', 'get'), JSON.stringify({ pattern: 'rpc.entity.get', data: { workspace_id: 'x', id: asia.id }, id: 'r1' }));
    expect(raw.json()).toMatchObject({ err: { error: { code: 'VALIDATION_ERROR', details: [{ field: 'workspace_id' }] } } });
  });
});

describe('Idempotency-Key on create', () => {
  it('replays the first answer for the same key and body, even when retried concurrently; another body with that key is a 409', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const body = { name: 'Kyoto', entity_type: 'city', metadata: { a: 1, b: 2 } };
    const key = { 'idempotency-key': `key-${randomUUID()}` };
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.create(body, key)));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(responses.map((response) => response.body.id));
    expect(ids.size).toBe(1);
    expect(new Set(responses.map((response) => response.headers.get('x-consistency-token'))).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);

    // Later, after the entity changed: still the first answer (key order of the body does not matter).
    const [first] = responses;
    await api.patch(first?.body.id ?? '', { name: 'Kyōto' });
    const retry = await api.create({ metadata: { b: 2, a: 1 }, entity_type: 'city', name: 'Kyoto' }, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first?.body);
    expect(retry.headers.get('location')).toBe(`/api/v1/entities/${first?.body.id}`);

    const conflict = await api.create({ ...body, name: 'Nara' }, key);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'RESOURCE_CONFLICT', details: [{ field: 'Idempotency-Key' }] } });
    const rows = await harness.sql<{ n: number }>('SELECT count(*)::int AS n FROM entity.entities WHERE workspace_id = $1', [workspace]);
    expect(rows[0]?.n).toBe(1);
  });

  it('scopes keys to the workspace, refuses malformed keys, and does not store refused creates', async () => {
    const key = { 'idempotency-key': 'same-key' };
    const a = entityApi(harness, randomUUID());
    const b = entityApi(harness, randomUUID());
    const inA = await a.create({ name: 'Lyon', entity_type: 'city' }, key);
    const inB = await b.create({ name: 'Lyon', entity_type: 'city' }, key);
    expect([inA.status, inB.status]).toEqual([201, 201]);
    expect(inA.body.id).not.toBe(inB.body.id);

    const malformed = await a.create({ name: 'Nice', entity_type: 'city' }, { 'idempotency-key': 'k'.repeat(256) });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { details: [{ field: 'idempotency-key' }] } });

    const retryKey = { 'idempotency-key': 'after-a-conflict' };
    expect((await a.create({ name: 'Lyon', entity_type: 'city' }, retryKey)).status).toBe(409);
    expect((await a.create({ name: 'Lyon', entity_type: 'city', key: 'lyon_2' }, retryKey)).status).toBe(201);
  });

  it('frees a key after its TTL and purges the workspace\'s expired keys as keyed creates go by', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const first = await api.create({ name: 'Old', entity_type: 'city' }, { 'idempotency-key': 'old-1' });
    await api.create({ name: 'Older', entity_type: 'city' }, { 'idempotency-key': 'old-2' });
    await harness.sql(`UPDATE entity.idempotency_keys SET created_at = now() - interval '25 hours' WHERE workspace_id = $1`, [workspace]);

    const reused = await api.create({ name: 'New', entity_type: 'city' }, { 'idempotency-key': 'old-1' });
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(first.body.id);
    const keys = await harness.sql<{ key: string }>('SELECT key FROM entity.idempotency_keys WHERE workspace_id = $1 ORDER BY key', [workspace]);
    expect(keys.map((row) => row.key)).toEqual(['old-1']);
  });
});
