import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MAX_ENTITY_METADATA_DEPTH, entitySchema, type ErrorEnvelope } from '@forecastin/contracts';
import { invalidFields, invalidLocations, validCreateBodyArb } from './support/entity-body.arbitrary';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';

const harness = useEntityService();

/** 400 VALIDATION_ERROR naming `field` (or a path inside it) in its details. */
function expectValidationError(response: { status: number; body: unknown }, field: string): void {
  expect(response.status).toBe(400);
  const error = (response.body as ErrorEnvelope).error;
  expect(error.code).toBe('VALIDATION_ERROR');
  const fields = (error.details ?? []).map((detail) => detail.field);
  expect(fields.some((name) => name === field || name.startsWith(`${field}.`))).toBe(true);
}

const base = { name: 'Base', entity_type: 'city' };

describe('create and patch bodies (fast-check)', () => {
  it('accepts every body the contract allows: 201 with the body echoed, or 409 for a key already taken; never a 5xx', async () => {
    const api = entityApi(harness, randomUUID());
    await fc.assert(
      fc.asyncProperty(validCreateBodyArb, async (generated) => {
        const response = await api.create(generated);
        expect([201, 409]).toContain(response.status);
        if (response.status !== 201) return;
        // Compare with what went over the wire: JSON has no -0 (it serialises as 0).
        const body = JSON.parse(JSON.stringify(generated)) as typeof generated;
        const entity = entitySchema.parse(response.body);
        expect(entity).toMatchObject({ entity_type: body.entity_type, location: body.location ?? null, metadata: body.metadata ?? {} });
        expect(entity.name).toBe(body.name.trim());
      }),
      { numRuns: 40 },
    );
    // Self-intersecting rings were stored; spatial filters over them still answer.
    expect((await api.list('?bbox=-180,-90,180,90&limit=1000')).status).toBe(200);
  });

  it('stores degenerate but contract-valid geometry (zero-area rings, repeated points, mixed 2D/3D) as sent, and bbox still finds it', async () => {
    const api = entityApi(harness, randomUUID());
    const odd = [
      { type: 'Polygon', coordinates: [[[5, 5], [5, 5], [5, 5], [5, 5]]] },
      { type: 'LineString', coordinates: [[5, 5], [5, 5]] },
      { type: 'Polygon', coordinates: [[[4, 4], [6, 6, 100], [4, 6], [6, 4], [4, 4]]] },
      { type: 'MultiPoint', coordinates: [[5, 5, 1], [5.5, 5.5]] },
    ];
    for (const location of odd) {
      const created = await api.create({ name: 'odd', key: `odd_${odd.indexOf(location)}`, entity_type: 'place', location });
      expect(created.status).toBe(201);
      expect(created.body.location).toEqual(location);
    }
    expect((await api.list('?bbox=4.9,4.9,5.1,5.1')).body.items).toHaveLength(4);
  });

  it('refuses any invalid field of a create with 400 VALIDATION_ERROR at that field', async () => {
    const api = entityApi(harness, randomUUID());
    const cases = fc.oneof(
      fc.constantFrom(...invalidFields),
      fc.constantFrom(...invalidLocations).map(([value]): [string, unknown] => ['location', value]),
      fc.constantFrom(['parent_id', 'not-a-uuid'], ['parent_id', "1' OR '1'='1"], ['parent_id', 5]) as fc.Arbitrary<[string, unknown]>,
    );
    await fc.assert(
      fc.asyncProperty(validCreateBodyArb, cases, async (body, [field, value]) => {
        expectValidationError(await api.create({ ...body, [field]: value }), field);
      }),
      { numRuns: 80 },
    );
    expect((await api.list()).body.items).toEqual([]);
  });

  it('names the exact geometry path: ring not closed, out-of-range coordinates', async () => {
    const api = entityApi(harness, randomUUID());
    for (const [location, field] of invalidLocations) expectValidationError(await api.create({ ...base, location }), field);
    const unclosed = await api.create({ ...base, location: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } });
    expect((unclosed.body as unknown as ErrorEnvelope).error.details).toContainEqual({ field: 'location.coordinates', message: 'ring 0 is not closed' });
  });

  it('refuses numbers JSON cannot carry and unknown fields', async () => {
    const api = entityApi(harness, randomUUID());
    const infinite = await harness.request('POST', '/api/v1/entities', {
      raw: true,
      body: '{"name":"x","entity_type":"city","location":{"type":"Point","coordinates":[1e400,0]}}',
    });
    expectValidationError(infinite, 'location');
    expect((await api.create({ ...base, id: randomUUID() })).status).toBe(400);
    expect((await api.create({ ...base, path: 'world.x' })).status).toBe(400);
    for (const poisoned of ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}']) {
      const refused = await harness.request('POST', '/api/v1/entities', { raw: true, body: `{"name":"x","entity_type":"city","metadata":${poisoned}}` });
      expect(refused.status).toBe(400);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
    const malformed = await harness.request('POST', '/api/v1/entities', { raw: true, body: '{"name": "x",' });
    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorEnvelope).error.code).toBe('INVALID_JSON');
  });

  it('refuses any invalid field of a patch the same way, leaving the entity unchanged', async () => {
    const api = entityApi(harness, randomUUID());
    const entity = await mustCreate(api, base);
    const cases = fc.oneof(
      fc.constantFrom(...invalidFields),
      fc.constantFrom(...invalidLocations).map(([value]): [string, unknown] => ['location', value]),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([field, value]) => {
        expectValidationError(await api.patch(entity.id, { name: 'Renamed', [field]: value }), field);
      }),
      { numRuns: 60 },
    );
    expect((await api.patch(entity.id, { parent_id: null })).status).toBe(400);
    const merged = await api.patch(entity.id, { metadata: { blob: 'm'.repeat(40_000) } });
    expect(merged.status).toBe(200);
    // Each half fits; the merged metadata does not: refused at `metadata`, nothing written.
    expectValidationError(await api.patch(entity.id, { metadata: { other: 'm'.repeat(40_000) } }), 'metadata');
    expect((await api.get(entity.id)).body).toMatchObject({ version: 2, name: 'Base' });
  });
});

describe('text and JSON Postgres cannot store', () => {
  const nested = (depth: number, open: string, close: string): string => `${open.repeat(depth)}1${close.repeat(depth)}`;

  it('refuses NUL characters and lone surrogates in names, descriptions, metadata and `q` with 400 at that field, never a 500', async () => {
    const api = entityApi(harness, randomUUID());
    const entity = await mustCreate(api, base);
    const bad: [string, unknown][] = [
      ['name', 'a\u0000b'],
      ['description', 'a\u0000b'],
      ['metadata', { note: 'a\u0000b' }],
      ['metadata', { 'a\u0000': 1 }],
      ['metadata', { list: [{ deep: '\ud800' }] }],
      ['name', 'x\udc00'],
    ];
    for (const [field, value] of bad) {
      expectValidationError(await api.create({ ...base, [field]: value }), field);
      expectValidationError(await api.patch(entity.id, { [field]: value }), field);
    }
    expectValidationError(await api.list(`?q=${encodeURIComponent('a\u0000')}`), 'q');
    expect((await api.get(entity.id)).body).toMatchObject({ version: 1, name: 'Base', metadata: {} });
    // Paired surrogates (emoji) are ordinary text.
    expect((await api.create({ ...base, key: 'emoji', metadata: { mood: '😀' } })).status).toBe(201);
  });

  it('refuses metadata nested deeper than the contract allows with 400 at `metadata` (the size check must not overflow the stack)', async () => {
    const workspace = randomUUID();
    for (const [open, close] of [['{"a":', '}'], ['[', ']']]) {
      const body = `{"name":"deep","entity_type":"city","metadata":{"a":${nested(10_000, open ?? '', close ?? '')}}}`;
      expectValidationError(await harness.request('POST', '/api/v1/entities', { workspace, raw: true, body }), 'metadata');
    }
    const fits = `{"name":"fits","entity_type":"city","metadata":${nested(MAX_ENTITY_METADATA_DEPTH, '{"a":', '}')}}`;
    expect((await harness.request('POST', '/api/v1/entities', { workspace, raw: true, body: fits })).status).toBe(201);
    const over = `{"name":"over","entity_type":"city","metadata":${nested(MAX_ENTITY_METADATA_DEPTH + 1, '{"a":', '}')}}`;
    expectValidationError(await harness.request('POST', '/api/v1/entities', { workspace, raw: true, body: over }), 'metadata');
  });
});

describe('ltree / lquery / SQL injection through keys, paths, ids and filters', () => {
  const attempts = [
    'world.*', '*', 'world.*{1,}', 'a|b', '!a', 'a@', 'a%', 'world..asia', '.world', 'world.', 'World',
    "world'; DROP TABLE entity.entities; --", 'world) OR (1=1', "$$ || 'x'", 'a\\b', `${'a.'.repeat(32)}a`,
  ];

  it('refuses them in the path filter with 400 at `path`', async () => {
    const api = entityApi(harness, randomUUID());
    for (const path of attempts) expectValidationError(await api.list(`?path=${encodeURIComponent(path)}`), 'path');
  });

  it('refuses them in ids, parent ids, types and bboxes; a name search treats them as text', async () => {
    const api = entityApi(harness, randomUUID());
    await mustCreate(api, { name: "O'Brien % _ \\ co", entity_type: 'person' });
    for (const value of ["1' OR '1'='1", 'not-a-uuid', '00000000-0000-0000-0000-00000000000g']) {
      expectValidationError(await api.get(encodeURIComponent(value)), 'id');
      expectValidationError(await api.list(`?parent_id=${encodeURIComponent(value)}`), 'parent_id');
      expectValidationError(await api.move(randomUUID(), value), 'parent_id');
    }
    expectValidationError(await api.list(`?entity_type=${encodeURIComponent("city' OR 1=1 --")}`), 'entity_type');
    expectValidationError(await api.list(`?bbox=${encodeURIComponent('0,0,1,1); DROP TABLE entity.entities; --')}`), 'bbox');
    expectValidationError(await api.list('?bbox=10,0,1,1'), 'bbox');
    expectValidationError(await api.list('?limit=0'), 'limit');
    expectValidationError(await api.remove(randomUUID(), '?cascade=yes'), 'cascade');
    for (const q of ['%', '_', '\\', "O'Brien", "'Brien % _ \\"]) {
      const found = await api.list(`?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((item) => item.entity_type)).toEqual(['person']);
    }
    for (const q of ["' OR 1=1 --", '%%x', '_x_']) expect((await api.list(`?q=${encodeURIComponent(q)}`)).body.items).toEqual([]);
    const [table] = await harness.sql<{ exists: boolean }>(`SELECT to_regclass('entity.entities') IS NOT NULL AS exists`);
    expect(table?.exists).toBe(true);
  });
});
