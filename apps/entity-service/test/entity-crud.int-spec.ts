import { randomUUID } from 'node:crypto';
import { consistencyTokenSchema, entitySchema, type Entity } from '@forecastin/contracts';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';

const harness = useEntityService();

const polygon = { type: 'Polygon', coordinates: [[[139.5, 35.5], [139.9, 35.5], [139.9, 35.8], [139.5, 35.8], [139.5, 35.5]]] };

describe('create and get', () => {
  it('creates a root with a slug key, answers 201 with Location, ETag and a consistency token, and reads it back', async () => {
    const api = entityApi(harness, randomUUID());
    const created = await api.create({ name: 'World Ω', entity_type: 'region', metadata: { source: 'test' } });
    expect(created.status).toBe(201);
    const entity = entitySchema.parse(created.body);
    expect(entity).toMatchObject({ key: 'world', path: 'world', path_depth: 1, parent_id: null, children_count: 0, version: 1, location: null, description: null });
    expect(created.headers.get('location')).toBe(`/api/v1/entities/${entity.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(consistencyTokenSchema.safeParse(created.headers.get('x-consistency-token')).success).toBe(true);

    const read = await api.get(entity.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(entity);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('builds paths from the parent, counts children, and keeps the GeoJSON exactly as sent', async () => {
    const api = entityApi(harness, randomUUID());
    const world = await mustCreate(api, { name: 'World', entity_type: 'region' });
    const asia = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: world.id });
    const location = { type: 'Point', coordinates: [139.691706, 35.689487, 40.5] };
    const tokyo = await mustCreate(api, { name: 'Tokyo', key: 'tokyo_metro', entity_type: 'city', parent_id: asia.id, location, confidence_score: 0.75 });
    expect(tokyo).toMatchObject({ path: 'world.asia.tokyo_metro', path_depth: 3, parent_id: asia.id, location, confidence_score: 0.75 });
    expect((await api.get(world.id)).body.children_count).toBe(1);
    expect((await api.get(tokyo.id)).body.location).toEqual(location);
    const [row] = await harness.sql<{ dims: number; srid: number }>('SELECT ST_NDims(geom) AS dims, ST_SRID(geom) AS srid FROM entity.entities WHERE id = $1', [tokyo.id]);
    expect(row).toEqual({ dims: 2, srid: 4326 });
  });

  it('refuses a sibling with the same key (roots too) with 409 RESOURCE_ALREADY_EXISTS, and a missing parent with 404', async () => {
    const api = entityApi(harness, randomUUID());
    const root = await mustCreate(api, { name: 'Europe', entity_type: 'region' });
    const again = await api.create({ name: 'europe', entity_type: 'region' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'RESOURCE_ALREADY_EXISTS', details: [{ field: 'key' }] } });
    await mustCreate(api, { name: 'France', entity_type: 'country', parent_id: root.id });
    expect((await api.create({ name: 'France', entity_type: 'country', parent_id: root.id })).status).toBe(409);
    expect((await api.create({ name: 'France', entity_type: 'country' })).status).toBe(201);
    const orphan = await api.create({ name: 'Nowhere', entity_type: 'city', parent_id: randomUUID() });
    expect(orphan.status).toBe(404);
    expect(orphan.body).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND', details: [{ field: 'parent_id' }] } });
  });

  it('refuses to go deeper than 32 levels', async () => {
    const api = entityApi(harness, randomUUID());
    let parent: Entity | undefined;
    for (let depth = 1; depth <= 32; depth += 1) {
      parent = await mustCreate(api, { name: `level ${depth}`, entity_type: 'region', ...(parent ? { parent_id: parent.id } : {}) });
    }
    expect(parent?.path_depth).toBe(32);
    const tooDeep = await api.create({ name: 'level 33', entity_type: 'region', parent_id: parent?.id });
    expect(tooDeep.status).toBe(409);
    expect(tooDeep.body).toMatchObject({ error: { code: 'RESOURCE_CONFLICT' } });
  });
});

describe('conditional requests', () => {
  it('answers If-None-Match with 304 while the version matches, and If-Match mismatches with 412', async () => {
    const api = entityApi(harness, randomUUID());
    const entity = await mustCreate(api, { name: 'Japan', entity_type: 'country' });
    const notModified = await api.get(entity.id, { 'if-none-match': '"1"' });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"1"');
    expect((await api.get(entity.id, { 'if-none-match': 'W/"1"' })).status).toBe(304);

    const stale = await api.patch(entity.id, { name: 'Nippon' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'PRECONDITION_FAILED' } });
    const fresh = await api.patch(entity.id, { name: 'Nippon' }, { 'if-match': '"1"' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ name: 'Nippon', version: 2 });
    expect(fresh.headers.get('etag')).toBe('"2"');
    expect((await api.get(entity.id, { 'if-none-match': '"1"' })).status).toBe(200);

    expect((await api.move(entity.id, null, { 'if-match': '"1"' })).status).toBe(412);
    expect((await api.remove(entity.id, '', { 'if-match': '"1"' })).status).toBe(412);
    expect((await api.remove(entity.id, '', { 'if-match': '"3"' })).status).toBe(412);
    // If-Match compares strongly: a weak tag of the current version does not hold.
    expect((await api.remove(entity.id, '', { 'if-match': 'W/"2"' })).status).toBe(412);
    expect((await api.remove(entity.id, '', { 'if-match': '"2"' })).status).toBe(204);
    expect((await api.get(entity.id)).status).toBe(404);
  });
});

describe('merge patch', () => {
  it('replaces present fields, clears nulls, merges metadata recursively, and accepts application/merge-patch+json', async () => {
    const api = entityApi(harness, randomUUID());
    const entity = await mustCreate(api, {
      name: 'Osaka', entity_type: 'city', description: 'a city', location: polygon, confidence_score: 0.5,
      metadata: { population: 2_700_000, tags: ['port'], stats: { gdp: 1, area: 2 } },
    });
    const workspaceApi = entityApi(harness, randomUUID());
    expect((await workspaceApi.patch(entity.id, { name: 'x' })).status).toBe(404);

    const response = await api.patch(
      entity.id,
      { description: null, location: null, metadata: { tags: ['port', 'castle'], stats: { area: null, hdi: 0.9 }, population: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Osaka', description: null, location: null, confidence_score: 0.5, version: 2,
      metadata: { tags: ['port', 'castle'], stats: { gdp: 1, hdi: 0.9 } },
    });
    expect(response.body.metadata).not.toHaveProperty('population');
    expect((await api.patch(entity.id, {})).status).toBe(400);
  });
});

describe('list', () => {
  it('filters by type, parent, subtree, bbox and name, and pages with a signed cursor', async () => {
    const api = entityApi(harness, randomUUID());
    const world = await mustCreate(api, { name: 'World', entity_type: 'region' });
    const asia = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: world.id });
    const japan = await mustCreate(api, { name: 'Japan', entity_type: 'country', parent_id: asia.id });
    await mustCreate(api, { name: 'Tokyo', entity_type: 'city', parent_id: japan.id, location: { type: 'Point', coordinates: [139.69, 35.69] } });
    await mustCreate(api, { name: 'Osaka', entity_type: 'city', parent_id: japan.id, location: polygon });
    await mustCreate(api, { name: 'Europe', entity_type: 'region', parent_id: world.id });
    await mustCreate(api, { name: 'Paris 100%_', entity_type: 'city', location: { type: 'Point', coordinates: [2.35, 48.85] } });

    const paths = async (query: string) => (await api.list(query)).body.items.map((item) => item.path);
    expect(await paths('')).toEqual(['paris_100', 'world', 'world.asia', 'world.asia.japan', 'world.asia.japan.osaka', 'world.asia.japan.tokyo', 'world.europe']);
    expect(await paths('?entity_type=city')).toEqual(['paris_100', 'world.asia.japan.osaka', 'world.asia.japan.tokyo']);
    expect(await paths(`?parent_id=${world.id}`)).toEqual(['world.asia', 'world.europe']);
    expect(await paths('?path=world.asia')).toEqual(['world.asia', 'world.asia.japan', 'world.asia.japan.osaka', 'world.asia.japan.tokyo']);
    expect(await paths('?bbox=139,35,140,36')).toEqual(['world.asia.japan.osaka', 'world.asia.japan.tokyo']);
    expect(await paths('?bbox=139.6,35.6,139.7,35.7&entity_type=city')).toEqual(['world.asia.japan.osaka', 'world.asia.japan.tokyo']);
    expect(await paths('?bbox=0,0,1,1')).toEqual([]);
    expect(await paths('?q=SAK')).toEqual(['world.asia.japan.osaka']);
    expect(await paths('?q=100%25_')).toEqual(['paris_100']);
    expect(await paths('?q=%25')).toEqual(['paris_100']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.list>> = await api.list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.has_more).toBe(page.body.next_cursor !== null);
      seen.push(...page.body.items.map((item) => item.path));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(await paths(''));

    const first = await api.list('?limit=2');
    const next = first.body.next_cursor ?? '';
    const tampered = await api.list(`?limit=2&cursor=${next.slice(0, -2)}xx`);
    expect(tampered.status).toBe(400);
    expect(tampered.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: [{ field: 'cursor' }] } });
    const otherFilters = await api.list(`?limit=2&entity_type=city&cursor=${next}`);
    expect(otherFilters.status).toBe(400);
  });
});
