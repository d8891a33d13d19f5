import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { PostgresDependency } from '@forecastin/persistence';
import type { TestDatabase } from '@forecastin/testing';
import { EntityTreeModel, seededRandom } from '../../test/support/entity-tree.model';
import { readModelDatabase, readModelRows } from '../../test/support/read-model-database';
import { projectedEntityEventSchema, type ProjectedEntityEvent } from './entity-event.schema';
import { AffectedPaths, MAX_LISTED_SUBTREE } from './affected-paths';
import { ProjectionStore, type SequencedEvent } from './projection-store';

describe('ProjectionStore (real Postgres)', () => {
  let database: TestDatabase;
  let postgres: PostgresDependency;
  let sequence = 0;

  beforeAll(async () => {
    ({ database, postgres } = await readModelDatabase());
  });

  afterAll(async () => {
    await postgres.close();
    await database.drop();
  });

  /** world (asia (japan), europe): the creates, and the ids a move needs. */
  function worldWithJapan(model: EntityTreeModel): { events: unknown[]; europe: string; japan: string } {
    const events: unknown[] = [model.create(null, 'World', 'world')];
    const [world] = model.ids() as [string];
    events.push(model.create(world, 'Asia', 'asia'), model.create(world, 'Europe', 'europe'));
    const [, asia, europe] = model.ids() as [string, string, string];
    events.push(model.create(asia, 'Japan', 'japan'));
    return { events, europe, japan: model.ids()[3] as string };
  }

  function sequenced(event: unknown): SequencedEvent {
    sequence += 1;
    return { event: projectedEntityEventSchema.parse(event), streamSequence: sequence };
  }

  it('after random creates, renames, key renames, moves and deletes the read model equals the recomputed tree, counts included', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'random');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 20, max: 120 }), async (seed, steps) => {
        const model = new EntityTreeModel(randomUUID());
        const random = seededRandom(seed);
        for (let step = 0; step < steps; step++) {
          const outcomes = await store.apply([sequenced(model.randomChange(random))]);
          expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied']);
          // Exact after every event, not only at the end.
          if (step % 10 === 9) expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
        }
        expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('applies a batch in one transaction exactly as one event at a time', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'batched');
    const model = new EntityTreeModel(randomUUID());
    const random = seededRandom(42);
    const batch = Array.from({ length: 300 }, () => sequenced(model.randomChange(random)));
    const outcomes = await store.apply(batch);
    expect(outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  }, 60_000);

  it('applies a backlog of creates set-based, equal to one by one, in two workspaces interleaved', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'creates');
    const models = [new EntityTreeModel(randomUUID()), new EntityTreeModel(randomUUID())];
    const random = seededRandom(11);
    const batch: SequencedEvent[] = [];
    for (let index = 0; index < 400; index++) {
      const model = models[index % 7 === 0 ? 1 : 0] as EntityTreeModel;
      const ids = model.ids();
      const parent = ids.length === 0 || random() < 0.05 ? null : (ids[Math.floor(random() * ids.length)] ?? null);
      batch.push(sequenced(model.create(parent)));
    }
    const outcomes = await store.apply(batch);
    expect(outcomes.filter((outcome) => outcome.status === 'applied')).toHaveLength(400);
    for (const model of models) expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  }, 60_000);

  it('applies a backlog of creates in batches whose ancestors were created in earlier ones, a re-published event inside a run left out', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'create-batches');
    const model = new EntityTreeModel(randomUUID());
    const random = seededRandom(23);
    const created: ProjectedEntityEvent[] = [];
    for (let index = 0; index < 600; index++) {
      const ids = model.ids();
      // Parents mostly among the latest nodes (deep chains crossing batch boundaries), some anywhere.
      const pool = random() < 0.7 ? ids.slice(-40) : ids;
      const parent = pool.length === 0 || random() < 0.03 ? null : (pool[Math.floor(random() * pool.length)] ?? null);
      created.push(projectedEntityEventSchema.parse(model.create(parent)));
    }
    for (let start = 0; start < created.length; ) {
      const end = Math.min(created.length, start + 1 + Math.floor(random() * 120));
      const events = created.slice(start, end);
      // An event of an earlier batch published again (same id, new sequence) amid the run.
      const again = start > 0 ? created[start - 1 - Math.floor(random() * Math.min(start, 20))] : undefined;
      if (again) events.splice(Math.floor(random() * events.length), 0, again);
      const outcomes = await store.apply(events.map(sequenced));
      expect(outcomes.filter((outcome) => outcome.status === 'applied')).toHaveLength(end - start);
      expect(outcomes.filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.event)).toEqual(again ? [again] : []);
      start = end;
    }
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  }, 60_000);

  it('changes nothing on redelivery (same sequence) or a re-published event (same id, new sequence)', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'duplicates');
    const model = new EntityTreeModel(randomUUID());
    const random = seededRandom(7);
    const applied: SequencedEvent[] = [];
    for (let step = 0; step < 60; step++) {
      const next = sequenced(model.randomChange(random));
      applied.push(next);
      await store.apply([next]);
      const before = await readModelRows(postgres, model.workspaceId);
      const old = applied[Math.floor(random() * applied.length)] as SequencedEvent;
      const redelivered = await store.apply([old, next]);
      expect(redelivered.map((outcome) => outcome.status)).toEqual(['skipped', 'skipped']);
      sequence += 1;
      const republished = await store.apply([{ event: old.event, streamSequence: sequence }]);
      expect(republished).toEqual([{ status: 'skipped', event: old.event, reason: 'event_id' }]);
      expect(await readModelRows(postgres, model.workspaceId)).toEqual(before);
    }
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
    expect(await store.lastSequence()).toBe(sequence);
  }, 60_000);

  it('keeps workspaces apart: the same keys in two workspaces are two trees', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'tenants');
    const a = new EntityTreeModel(randomUUID());
    const b = new EntityTreeModel(randomUUID());
    await store.apply([sequenced(a.create(null, 'World', 'world')), sequenced(b.create(null, 'World', 'world'))]);
    const [worldA] = a.ids();
    await store.apply([sequenced(a.create(worldA ?? null, 'Asia', 'asia'))]);
    expect(await readModelRows(postgres, a.workspaceId)).toEqual(a.expected());
    expect(await readModelRows(postgres, b.workspaceId)).toEqual(b.expected());
  });

  it('reports what a move made stale: both ancestor chains and every old path of the subtree', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'affected');
    const model = new EntityTreeModel(randomUUID());
    const { events, europe, japan } = worldWithJapan(model);
    await store.apply(events.map(sequenced));
    await store.apply([sequenced(model.create(japan, 'Osaka', 'osaka'))]);

    const [outcome] = await store.apply([sequenced(model.move(japan, europe))]);
    if (outcome?.status !== 'applied') throw new Error('move not applied');
    expect([...outcome.affected.paths].sort()).toEqual(['world', 'world.asia', 'world.asia.japan', 'world.asia.japan.osaka', 'world.europe', 'world.europe.japan']);
    expect(outcome.affected.roots).toBe(true);
    expect((outcome.event as ProjectedEntityEvent).type).toBe('entity_moved');
  });

  it('reports a move of a subtree above the listed bound by its old root, with the chains, and keeps the counts exact', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'large-move');
    const model = new EntityTreeModel(randomUUID());
    const { events, europe, japan } = worldWithJapan(model);
    // Japan and MAX_LISTED_SUBTREE nodes under it (fan-out 50): one more than can be listed.
    const parents = [japan];
    for (let index = 0; index < MAX_LISTED_SUBTREE; index++) {
      events.push(model.create(parents[Math.floor(index / 50)] ?? japan, `City ${index}`, `c${index}`));
      parents.push(model.ids().at(-1) as string);
    }
    await store.apply(events.map(sequenced));

    const [outcome] = await store.apply([sequenced(model.move(japan, europe))]);
    if (outcome?.status !== 'applied') throw new Error('move not applied');
    expect([...outcome.affected.subtreeRoots]).toEqual(['world.asia.japan']);
    expect([...outcome.affected.paths].sort()).toEqual(['world', 'world.asia', 'world.asia.japan', 'world.europe', 'world.europe.japan']);
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  }, 60_000);

  it('reports a rename in place as the node plus its ancestors’ lists, keeping their node entries', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'renamed');
    const model = new EntityTreeModel(randomUUID());
    await store.apply([sequenced(model.create(null, 'World', 'world'))]);
    const [world] = model.ids() as [string];
    await store.apply([sequenced(model.create(world, 'Asia', 'asia'))]);
    const asia = model.ids()[1] as string;
    await store.apply([sequenced(model.create(asia, 'Japan', 'japan'))]);
    const japan = model.ids()[2] as string;

    const [outcome] = await store.apply([sequenced(model.rename(japan, 'Nippon'))]);
    if (outcome?.status !== 'applied') throw new Error('rename not applied');
    const bounded = outcome.affected.bounded();
    expect(bounded.paths.sort()).toEqual(['world', 'world.asia', 'world.asia.japan']);
    expect(bounded.listsOnly.sort()).toEqual(['world', 'world.asia']);
    expect(bounded.roots).toBe(false); // the roots list shows World, which did not change
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  });

  it('reports a run of creates as their ancestors and the roots list to drop, and the created paths to announce only', async () => {
    const store = new ProjectionStore(postgres.dataSource, 'created');
    const model = new EntityTreeModel(randomUUID());
    await store.apply([sequenced(model.create(null, 'World', 'world'))]);
    const [world] = model.ids() as [string];
    const asia = sequenced(model.create(world, 'Asia', 'asia'));
    const japan = sequenced(model.create(asia.event.entity.id, 'Japan', 'japan'));
    const outcomes = await store.apply([asia, japan]);
    const union = new AffectedPaths();
    for (const outcome of outcomes) if (outcome.status === 'applied') union.merge(outcome.affected);
    const bounded = union.bounded();
    // world's counts and lists changed, and asia's (japan's parent): dropped. Nothing of japan's
    // could be cached before it existed; both new paths are still announced.
    expect(bounded.paths.sort()).toEqual(['world', 'world.asia']);
    expect([...union.createdPaths].sort()).toEqual(['world.asia', 'world.asia.japan']);
    expect(bounded.roots).toBe(true);
    expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
  });
});
