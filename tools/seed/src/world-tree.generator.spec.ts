import fc from 'fast-check';
import { entityCreatedEventSchema, geometrySchema, KEY_PATTERN, MAX_PATH_DEPTH } from '@forecastin/contracts';
import { createdEvent, outboxLine, stagingLine } from './seed-rows';
import { ewkbHex } from './world-geometry';
import { levelCounts, worldTree, type SeedEntity } from './world-tree.generator';

const WS = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const tree = (nodes: number, seed = '1', idSeed = 'ids'): SeedEntity[] => [...worldTree({ nodes, seed, idSeed })];

/** Every structural rule the table enforces, checked on the generated list. */
function structureProblems(entities: readonly SeedEntity[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, SeedEntity>();
  const siblingKeys = new Set<string>();
  for (const entity of entities) {
    const parent = entity.parentId === null ? undefined : byId.get(entity.parentId);
    if (entity.parentId !== null && parent === undefined) problems.push(`${entity.path}: parent not emitted before it`);
    const expectedPath = parent === undefined ? entity.key : `${parent.path}.${entity.key}`;
    if (entity.path !== expectedPath) problems.push(`${entity.path}: expected ${expectedPath}`);
    if (entity.depth !== entity.path.split('.').length || entity.depth > MAX_PATH_DEPTH) problems.push(`${entity.path}: depth ${entity.depth}`);
    if (!KEY_PATTERN.test(entity.key) || !KEY_PATTERN.test(entity.entityType)) problems.push(`${entity.path}: key or type`);
    const sibling = `${entity.parentId ?? ''}/${entity.key}`;
    if (siblingKeys.has(sibling)) problems.push(`${entity.path}: key taken among siblings`);
    siblingKeys.add(sibling);
    if (byId.has(entity.id)) problems.push(`${entity.id}: id repeated`);
    byId.set(entity.id, entity);
    if (entity.location !== null && !geometrySchema.safeParse(entity.location).success) problems.push(`${entity.path}: location refused by the API`);
  }
  return problems;
}

describe('levelCounts', () => {
  it('adds up to exactly the requested number of nodes, with every level present once there is room', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), (nodes) => {
        const { continents, ...levels } = levelCounts(nodes);
        expect(1 + continents + Object.values(levels).reduce((sum, count) => sum + count, 0)).toBe(nodes);
        if (nodes >= 20) expect(Object.values(levels).every((count) => count >= 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(levelCounts(1_000_000)).toEqual({ continents: 7, country: 250, region: 30_000, city: 150_000, organisation: 150_000, event: 120_000, person: 549_742 });
  });

  it('refuses non-positive and fractional counts', () => {
    expect(() => levelCounts(0)).toThrow(RangeError);
    expect(() => levelCounts(2.5)).toThrow(RangeError);
  });
});

describe('worldTree', () => {
  it('yields exactly N entities, parents first, paths = parent path + key, keys unique among siblings, valid API geometry', () => {
    for (const nodes of [1, 2, 8, 9, 25, 137, 1000]) {
      const entities = tree(nodes, String(nodes));
      expect(entities).toHaveLength(nodes);
      expect(structureProblems(entities)).toEqual([]);
    }
    const large = tree(20_000, 'large');
    expect(structureProblems(large)).toEqual([]);
    expect(new Set(large.map((entity) => entity.entityType))).toEqual(new Set(['world', 'continent', 'country', 'region', 'city', 'organisation', 'event', 'person']));
    expect(Math.max(...large.map((entity) => entity.depth))).toBe(7);
  });

  it('is deterministic: the same seed gives the same world, another seed another one; ids follow the id seed', () => {
    const shape = (entities: SeedEntity[]) => entities.map(({ id: _id, parentId: _parent, ...rest }) => rest);
    const first = tree(3000, '42', 'a');
    expect(tree(3000, '42', 'a')).toEqual(first);
    const otherIds = tree(3000, '42', 'b');
    expect(shape(otherIds)).toEqual(shape(first));
    expect(otherIds.some((entity, index) => entity.id === first[index]?.id)).toBe(false);
    expect(shape(tree(3000, '43', 'a'))).not.toEqual(shape(first));
  });

  it('emits entity_created envelopes the contract accepts, with the snapshot a fresh create answers', () => {
    const run = { workspaceId: WS, correlationId: 'seed_test', createdAt: '2026-11-22T07:00:00.000Z' };
    for (const [index, entity] of tree(500, 'events').entries()) {
      const event = createdEvent(entity, run, `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);
      expect(entityCreatedEventSchema.parse(event)).toEqual(event);
      expect(event.entity).toMatchObject({ id: entity.id, path: entity.path, version: 1, children_count: 0, created_at: run.createdAt });
    }
  });
});

describe('COPY encoding', () => {
  it('hex EWKB is what PostGIS prints for the same geometry with SRID 4326', () => {
    // SELECT ST_AsEWKB('SRID=4326;POINT(1 2)'::geometry) / 'SRID=4326;POLYGON((0 0,1 0,0 1,0 0))'
    expect(ewkbHex({ type: 'Point', coordinates: [1, 2] })).toBe('0101000020e6100000000000000000f03f0000000000000040');
    expect(ewkbHex({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] })).toBe(
      '0103000020e61000000100000004000000' +
        '00000000000000000000000000000000' +
        '000000000000f03f0000000000000000' +
        '0000000000000000000000000000f03f' +
        '00000000000000000000000000000000',
    );
  });

  it('escapes backslashes, tabs and line breaks in text and JSON columns, and writes NULL as \\N', () => {
    const [world] = tree(1);
    if (world === undefined) throw new Error('no root');
    const entity: SeedEntity = { ...world, name: 'a\tb\\c\nd', description: null, metadata: { note: 'x\\y' } };
    const columns = stagingLine(entity).slice(0, -1).split('\t');
    expect(columns).toHaveLength(11);
    expect(columns[3]).toBe('a\\tb\\\\c\\nd');
    expect(columns[5]).toBe('\\N');
    expect(columns[9]).toBe('{"note":"x\\\\\\\\y"}');
    const event = createdEvent(entity, { workspaceId: WS, correlationId: 'seed_t', createdAt: '2026-11-22T07:00:00.000Z' }, '00000000-0000-4000-8000-000000000000');
    const outbox = outboxLine(event, `evt.${WS}.entity.created`, '{"x-request-id":"seed_t"}').slice(0, -1).split('\t');
    expect(outbox).toEqual([
      event.event_id,
      `evt.${WS}.entity.created`,
      `entity:${entity.id}`,
      JSON.stringify(event).replace(/\\/g, '\\\\'),
      '{"x-request-id":"seed_t"}',
    ]);
    expect(outbox[3]).toContain('"name":"a\\\\tb\\\\\\\\c\\\\nd"');
  });
});
