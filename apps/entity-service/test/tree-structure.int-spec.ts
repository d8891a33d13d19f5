import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import type { Entity } from '@forecastin/contracts';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';
import { treeViolations } from './support/tree-invariants';

const harness = useEntityService();

async function pathsOf(workspace: string): Promise<string[]> {
  const rows = await harness.sql<{ path: string }>('SELECT path::text AS path FROM entity.entities WHERE workspace_id = $1 ORDER BY path', [workspace]);
  return rows.map((row) => row.path);
}

/** world → asia → japan → tokyo, world → europe. */
async function smallWorld(api: ReturnType<typeof entityApi>) {
  const world = await mustCreate(api, { name: 'World', entity_type: 'region' });
  const asia = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: world.id });
  const japan = await mustCreate(api, { name: 'Japan', entity_type: 'country', parent_id: asia.id });
  const tokyo = await mustCreate(api, { name: 'Tokyo', entity_type: 'city', parent_id: japan.id });
  const europe = await mustCreate(api, { name: 'Europe', entity_type: 'region', parent_id: world.id });
  return { world, asia, japan, tokyo, europe };
}

describe('moves and renames', () => {
  it('a move rewrites the whole subtree in one step and bumps the versions of every entity whose path changed', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const { japan, tokyo, europe, world } = await smallWorld(api);
    const moved = await api.move(japan.id, europe.id, { 'if-match': '"1"' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ path: 'world.europe.japan', parent_id: europe.id, path_depth: 3, version: 2, children_count: 1 });
    expect(moved.headers.get('x-consistency-token')).toMatch(/^ct1_/);
    expect((await api.get(tokyo.id)).body).toMatchObject({ path: 'world.europe.japan.tokyo', version: 2 });
    expect(await pathsOf(workspace)).toEqual(['world', 'world.asia', 'world.europe', 'world.europe.japan', 'world.europe.japan.tokyo']);

    const root = await api.move(japan.id, null);
    expect(root.body).toMatchObject({ path: 'japan', parent_id: null, path_depth: 1 });
    expect((await api.get(world.id)).body.children_count).toBe(2);
    expect(await treeViolations(harness, workspace)).toEqual([]);
  });

  it('refuses a move under itself or a descendant (409), into a taken key (409), too deep (409) or under a missing parent (404)', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const { world, asia, tokyo, europe } = await smallWorld(api);
    for (const target of [asia.id, tokyo.id]) {
      const refused = await api.move(asia.id, target);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'RESOURCE_CONFLICT' } });
    }
    expect((await api.move(world.id, tokyo.id)).status).toBe(409);
    const twin = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: europe.id });
    const taken = await api.move(twin.id, world.id);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'RESOURCE_ALREADY_EXISTS' } });
    expect((await api.move(asia.id, randomUUID())).status).toBe(404);
    expect((await api.move(randomUUID(), null)).status).toBe(404);

    let deep: Entity = tokyo;
    for (let depth = 5; depth <= 31; depth += 1) deep = await mustCreate(api, { name: `d${depth}`, entity_type: 'region', parent_id: deep.id });
    expect(deep.path_depth).toBe(31);
    // europe's subtree has two levels (europe, its asia twin): under a depth-31 entity it would reach 33.
    const tooDeep = await api.move(europe.id, deep.id);
    expect(tooDeep.status).toBe(409);
    expect(tooDeep.body).toMatchObject({ error: { code: 'RESOURCE_CONFLICT' } });
    expect((await api.remove(twin.id)).status).toBe(204);
    expect((await api.move(europe.id, deep.id)).body).toMatchObject({ path_depth: 32 });
    expect(await treeViolations(harness, workspace)).toEqual([]);
  });

  it('a key rename through PATCH rewrites the subtree paths (and keeps the other patched fields)', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const { asia, tokyo, europe } = await smallWorld(api);
    const renamed = await api.patch(asia.id, { key: 'east_asia', name: 'East Asia' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ key: 'east_asia', name: 'East Asia', path: 'world.east_asia', version: 2 });
    expect((await api.get(tokyo.id)).body.path).toBe('world.east_asia.japan.tokyo');
    const clash = await api.patch(asia.id, { key: 'europe' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: { code: 'RESOURCE_ALREADY_EXISTS', details: [{ field: 'key' }] } });
    expect((await api.get(europe.id)).body.version).toBe(1);
    expect(await treeViolations(harness, workspace)).toEqual([]);
  });
});

describe('delete', () => {
  it('refuses an entity with children unless cascade=true, which removes the whole subtree', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const { world, asia, japan, tokyo } = await smallWorld(api);
    const refused = await api.remove(asia.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'RESOURCE_CONFLICT' } });
    expect((await api.remove(asia.id, '?cascade=false')).status).toBe(409);
    const removed = await api.remove(asia.id, '?cascade=true');
    expect(removed.status).toBe(204);
    expect(removed.headers.get('x-consistency-token')).toMatch(/^ct1_/);
    for (const gone of [asia, japan, tokyo]) expect((await api.get(gone.id)).status).toBe(404);
    expect(await pathsOf(workspace)).toEqual(['world', 'world.europe']);
    expect((await api.get(world.id)).body.children_count).toBe(1);
    expect((await api.remove(asia.id)).status).toBe(404);
  });
});

describe('random sequences of creates, moves, renames and deletes', () => {
  type Op =
    | { kind: 'create'; parent: number; key: string }
    | { kind: 'move'; node: number; parent: number }
    | { kind: 'rename'; node: number; key: string }
    | { kind: 'delete'; node: number; cascade: boolean };
  // Few keys and indexes into the entities made so far (-1 = root): collisions, cycles and misses are common.
  const key = fc.constantFrom('a', 'b', 'c', 'd');
  const index = fc.integer({ min: -1, max: 12 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), parent: index, key }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), node: index, parent: index }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), node: index, key }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), node: index, cascade: fc.boolean() }) },
  );

  it('keep the tree valid after every step (path = parent path + key, depth, no orphans), and only answer 2xx/404/409', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
        const workspace = randomUUID();
        const api = entityApi(harness, workspace);
        const ids: string[] = [];
        const pick = (i: number): string | null => (i < 0 || ids.length === 0 ? null : (ids[i % ids.length] ?? null));
        for (const step of ops) {
          let status: number;
          if (step.kind === 'create') {
            const response = await api.create({ name: step.key, key: step.key, entity_type: 'node', parent_id: pick(step.parent) });
            if (response.status === 201) ids.push(response.body.id);
            status = response.status;
          } else {
            const node = pick(step.node) ?? randomUUID();
            if (step.kind === 'move') status = (await api.move(node, pick(step.parent))).status;
            else if (step.kind === 'rename') status = (await api.patch(node, { key: step.key })).status;
            else status = (await api.remove(node, step.cascade ? '?cascade=true' : '')).status;
          }
          expect([200, 201, 204, 404, 409]).toContain(status);
          expect(await treeViolations(harness, workspace)).toEqual([]);
        }
        const listed = (await api.list('?limit=1000')).body.items;
        const rows = await harness.sql<{ id: string; children: number }>(
          'SELECT e.id, (SELECT count(*)::int FROM entity.entities c WHERE c.parent_id = e.id) AS children FROM entity.entities e WHERE e.workspace_id = $1',
          [workspace],
        );
        expect(listed.map((entity) => [entity.id, entity.children_count]).sort()).toEqual(rows.map((row) => [row.id, row.children]).sort());
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('concurrent structural changes', () => {
  it('two moves that would together form a cycle: one wins, the other gets 409, and the tree stays valid', async () => {
    for (let round = 0; round < 8; round += 1) {
      const workspace = randomUUID();
      const api = entityApi(harness, workspace);
      const a = await mustCreate(api, { name: 'a', entity_type: 'node' });
      const b = await mustCreate(api, { name: 'b', entity_type: 'node' });
      const c = await mustCreate(api, { name: 'c', entity_type: 'node', parent_id: b.id });
      const statuses = (await Promise.all([api.move(a.id, c.id), api.move(b.id, a.id)])).map((response) => response.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect(await treeViolations(harness, workspace)).toEqual([]);
      const roots = await harness.sql<{ n: number }>('SELECT count(*)::int AS n FROM entity.entities WHERE workspace_id = $1 AND parent_id IS NULL', [workspace]);
      expect(roots[0]?.n).toBe(1);
    }
  });

  it('a create waits for a subtree rewrite holding the tree lock and then inserts under the rewritten path', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const old = await mustCreate(api, { name: 'Old', entity_type: 'region' });
    const parent = await mustCreate(api, { name: 'Parent', entity_type: 'country', parent_id: old.id });
    // A rename of the root as a move or rename does it: tree lock exclusive, then the subtree's paths rewritten.
    const mover = new Client({ connectionString: harness.database.url });
    await mover.connect();
    try {
      await mover.query('BEGIN');
      await mover.query(`SELECT pg_advisory_xact_lock(hashtextextended('forecastin:entity-tree:' || $1, 0))`, [workspace]);
      await mover.query(
        `UPDATE entity.entities
            SET path = CASE WHEN id = $2 THEN 'renamed'::ltree ELSE 'renamed'::ltree || subpath(path, 1) END,
                key = CASE WHEN id = $2 THEN 'renamed' ELSE key END
          WHERE workspace_id = $1 AND path <@ 'old'`,
        [workspace, old.id],
      );
      let answered = false;
      const create = api.create({ name: 'Child', entity_type: 'city', parent_id: parent.id }).finally(() => {
        answered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(answered).toBe(false);
      await mover.query('COMMIT');
      const created = await create;
      expect(created.status).toBe(201);
      expect((created.body as Entity).path).toBe('renamed.parent.child');
    } finally {
      await mover.end();
    }
    expect(await treeViolations(harness, workspace)).toEqual([]);
  });

  it('a three-way cycle attempt, and creates racing a move of their ancestors, never corrupt the tree', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const [x, y, z] = await Promise.all(['x', 'y', 'z'].map((name) => mustCreate(api, { name, entity_type: 'node' })));
    if (!x || !y || !z) throw new Error('setup failed');
    const statuses = (await Promise.all([api.move(x.id, y.id), api.move(y.id, z.id), api.move(z.id, x.id)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 409]);

    const deep = await mustCreate(api, { name: 'leaf', entity_type: 'node', parent_id: x.id });
    const writes = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => api.create({ name: `child ${i}`, entity_type: 'node', parent_id: deep.id })),
      api.patch(x.id, { key: 'x_renamed' }),
      api.move(deep.id, null),
    ]);
    expect(writes.every((response) => response.status < 300)).toBe(true);
    expect(await treeViolations(harness, workspace)).toEqual([]);
    expect((await api.get(deep.id)).body.children_count).toBe(10);
  });
});
