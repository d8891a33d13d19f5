import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { pathArb } from '../../test/arbitraries/ltree.arbitrary';
import {
  entitySnapshotCloseRequestSchema,
  entitySnapshotIdSchema,
  entitySnapshotOpenRequestSchema,
  entitySnapshotPageRequestSchema,
  entitySnapshotPageResponseSchema,
  MAX_ENTITY_SNAPSHOT_PAGE,
} from './entity-snapshot-rpc.schema';

const fieldsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }): string[] =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('rpc.entity.snapshot_* contracts', () => {
  it('accepts exactly what pg_export_snapshot() returns as a snapshot id', () => {
    for (const id of ['00000002-00000A9B-1', '0000000A-FFFFFFFF-12', '00000000-00000000-999999999']) {
      expect(entitySnapshotIdSchema.safeParse(id).success).toBe(true);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 999_999_999 }), (a, b, n) => {
        const id = `${a.toString(16).toUpperCase().padStart(8, '0')}-${b.toString(16).toUpperCase().padStart(8, '0')}-${n}`;
        expect(entitySnapshotIdSchema.safeParse(id).success).toBe(true);
      }),
    );
  });

  it.each([
    '',
    "00000002-00000A9B-1'; DROP TABLE entities; --",
    "00000002-00000A9B-1'",
    '00000002-00000a9b-1',
    '00000002-00000A9B-0',
    '00000002-00000A9B-01',
    '0002-00000A9B-1',
    '00000002-00000A9B',
    '00000002-00000A9B-1 ',
    ' 00000002-00000A9B-1',
    '00000002-00000A9B-1\n',
    '00000002-00000A9B-1234567890',
  ])('refuses the snapshot id %j (it goes into SQL as a literal)', (id) => {
    expect(entitySnapshotIdSchema.safeParse(id).success).toBe(false);
    expect(fieldsOf(entitySnapshotCloseRequestSchema.safeParse({ snapshot_id: id }))).toEqual(['snapshot_id']);
  });

  it('bounds a page request: limit 1..1000, a valid position or null, nothing else', () => {
    const base = { snapshot_id: '00000002-00000A9B-1', after: null };
    expect(entitySnapshotPageRequestSchema.safeParse({ ...base, limit: 1 }).success).toBe(true);
    expect(entitySnapshotPageRequestSchema.safeParse({ ...base, limit: MAX_ENTITY_SNAPSHOT_PAGE }).success).toBe(true);
    for (const limit of [0, -1, MAX_ENTITY_SNAPSHOT_PAGE + 1, 1.5, '10', null]) {
      expect(fieldsOf(entitySnapshotPageRequestSchema.safeParse({ ...base, limit }))).toEqual(['limit']);
    }
    fc.assert(
      fc.property(fc.uuid(), pathArb, (workspace_id, path) => {
        expect(entitySnapshotPageRequestSchema.safeParse({ ...base, after: { workspace_id, path }, limit: 10 }).success).toBe(true);
      }),
      { numRuns: 50 },
    );
    const ws = randomUUID();
    expect(fieldsOf(entitySnapshotPageRequestSchema.safeParse({ ...base, after: { workspace_id: ws, path: 'a..b' }, limit: 10 }))).toEqual(['after.path']);
    expect(fieldsOf(entitySnapshotPageRequestSchema.safeParse({ ...base, after: { workspace_id: 'x', path: 'a' }, limit: 10 }))).toEqual(['after.workspace_id']);
    expect(entitySnapshotPageRequestSchema.safeParse({ ...base, limit: 10, workspace_id: ws }).success).toBe(false);
    expect(entitySnapshotOpenRequestSchema.safeParse({}).success).toBe(true);
    expect(entitySnapshotOpenRequestSchema.safeParse({ ttl: 1 }).success).toBe(false);
  });

  it('a page survives a JSON round trip unchanged', () => {
    const page = {
      items: [
        { workspace_id: randomUUID(), id: randomUUID(), parent_id: null, path: 'world', key: 'world', name: 'World', entity_type: 'region', version: 1 },
        { workspace_id: randomUUID(), id: randomUUID(), parent_id: randomUUID(), path: 'world.asia', key: 'asia', name: 'Asia ✓', entity_type: 'region', version: 7 },
      ],
      next: null,
    };
    const parsed = entitySnapshotPageResponseSchema.parse(JSON.parse(JSON.stringify(page)));
    expect(parsed).toEqual(page);
  });
});
