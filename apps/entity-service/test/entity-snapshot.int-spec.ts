import { randomUUID } from 'node:crypto';
import {
  entitySnapshotCloseRequestSchema,
  entitySnapshotCloseResponseSchema,
  entitySnapshotOpenRequestSchema,
  entitySnapshotOpenResponseSchema,
  entitySnapshotPageRequestSchema,
  entitySnapshotPageResponseSchema,
  type SnapshotEntity,
} from '@forecastin/contracts';
import { SERVICE_CONFIG } from '@forecastin/lifecycle';
import { NatsDependency, rpcRequest } from '@forecastin/messaging';
import { PostgresDependency } from '@forecastin/persistence';
import { createCaptureLogger, eventually } from '@forecastin/testing';
import type { EntityServiceConfig } from '../src/config/entity-config.schema';
import { EntitySnapshots } from '../src/entities/snapshot/entity-snapshots';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';
import { rpcError } from './support/rpc-error';

const harness = useEntityService();

/** RPC calls go out with a generous bound: the shared CI machine can be slow, and nothing here waits on a timeout. */
const TIMEOUT_MS = 20_000;

function natsOf(): NatsDependency {
  return harness.service.app.get(NatsDependency);
}

function openSnapshot() {
  const nats = natsOf();
  return rpcRequest(nats, nats.subjects.rpc('entity', 'snapshot_open'), {}, {
    requestSchema: entitySnapshotOpenRequestSchema,
    responseSchema: entitySnapshotOpenResponseSchema,
    timeoutMs: TIMEOUT_MS,
  });
}

function closeSnapshot(snapshotId: string) {
  const nats = natsOf();
  return rpcRequest(nats, nats.subjects.rpc('entity', 'snapshot_close'), { snapshot_id: snapshotId }, {
    requestSchema: entitySnapshotCloseRequestSchema,
    responseSchema: entitySnapshotCloseResponseSchema,
    timeoutMs: TIMEOUT_MS,
  });
}

function page(snapshotId: string, after: { workspace_id: string; path: string } | null, limit: number) {
  const nats = natsOf();
  return rpcRequest(nats, nats.subjects.rpc('entity', 'snapshot_page'), { snapshot_id: snapshotId, after, limit }, {
    requestSchema: entitySnapshotPageRequestSchema,
    responseSchema: entitySnapshotPageResponseSchema,
    timeoutMs: TIMEOUT_MS,
  });
}

/** Every page of a snapshot, followed through `next`. */
async function pageAll(snapshotId: string, limit: number): Promise<{ items: SnapshotEntity[]; pages: number }> {
  const items: SnapshotEntity[] = [];
  let after: { workspace_id: string; path: string } | null = null;
  let pages = 0;
  for (;;) {
    const answer = await page(snapshotId, after, limit);
    pages += 1;
    expect(answer.items.length).toBeLessThanOrEqual(limit);
    items.push(...answer.items);
    if (answer.next === null) return { items, pages };
    after = answer.next;
  }
}

/** The table as it is now, in the order a snapshot pages it. */
function tableNow(): Promise<SnapshotEntity[]> {
  return harness.sql<SnapshotEntity>(
    `SELECT workspace_id, id, parent_id, path::text AS path, key, name, entity_type, version
       FROM entity.entities ORDER BY workspace_id, path`,
  );
}

/** A raw Nest request past the client's own validation; answers the reply packet. */
async function raw(operation: 'snapshot_open' | 'snapshot_page' | 'snapshot_close', data: unknown): Promise<unknown> {
  const nats = natsOf();
  const reply = await nats.connection.request(nats.subjects.rpc('entity', operation), JSON.stringify({ pattern: `rpc.entity.${operation}`, data, id: randomUUID() }), {
    timeout: TIMEOUT_MS,
  });
  return reply.json();
}

async function snapshotSessions(): Promise<number> {
  const rows = await harness.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'entity-service snapshot %'`,
  );
  return rows[0]?.n ?? 0;
}

/** world → asia → japan → tokyo, world → europe, in one workspace. */
async function smallWorld(workspace: string) {
  const api = entityApi(harness, workspace);
  const world = await mustCreate(api, { name: 'World', entity_type: 'region' });
  const asia = await mustCreate(api, { name: 'Asia', entity_type: 'region', parent_id: world.id });
  const japan = await mustCreate(api, { name: 'Japan', entity_type: 'country', parent_id: asia.id });
  const tokyo = await mustCreate(api, { name: 'Tokyo', entity_type: 'city', parent_id: japan.id });
  const europe = await mustCreate(api, { name: 'Europe', entity_type: 'region', parent_id: world.id });
  return { api, world, asia, japan, tokyo, europe };
}

describe('rpc.entity.snapshot_*', () => {
  it('pages show every workspace as of the open, in (workspace_id, path) order with parents first, not the writes made since', async () => {
    const first = await smallWorld(randomUUID());
    const second = await smallWorld(randomUUID());
    const third = entityApi(harness, randomUUID());
    await mustCreate(third, { name: 'Lone', entity_type: 'place' });

    const { snapshot_id: snapshotId, expires_at: expiresAt } = await openSnapshot();
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const atOpen = await tableNow();
    expect(new Set(atOpen.map((row) => row.workspace_id)).size).toBeGreaterThanOrEqual(3);

    // Writes after the open, through the service: create, move (a subtree rewrite), key rename, cascade delete, a new workspace.
    expect((await first.api.create({ name: 'Africa', entity_type: 'region', parent_id: first.world.id })).status).toBe(201);
    expect((await first.api.move(first.japan.id, first.europe.id)).status).toBe(200);
    expect((await second.api.patch(second.asia.id, { key: 'orient', name: 'Orient' })).status).toBe(200);
    expect((await second.api.remove(second.europe.id, '?cascade=true')).status).toBe(204);
    await mustCreate(entityApi(harness, randomUUID()), { name: 'Late', entity_type: 'place' });
    const afterWrites = await tableNow();
    expect(afterWrites).not.toEqual(atOpen);

    // Small pages: many keyset steps, each in its own imported transaction.
    const paged = await pageAll(snapshotId, 2);
    expect(paged.items).toEqual(atOpen);
    expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(atOpen.length / 2));
    expect((await pageAll(snapshotId, 1000)).items).toEqual(atOpen);

    // Order checked on its own too: within a workspace a parent comes before its children.
    const seen = new Set<string>();
    for (const item of paged.items) {
      if (item.parent_id !== null) expect(seen.has(item.parent_id)).toBe(true);
      seen.add(item.id);
    }

    // A snapshot opened now sees the writes.
    const later = await openSnapshot();
    expect((await pageAll(later.snapshot_id, 3)).items).toEqual(afterWrites);
    expect(await closeSnapshot(later.snapshot_id)).toEqual({ closed: true });
    expect(await closeSnapshot(snapshotId)).toEqual({ closed: true });
    expect(await closeSnapshot(snapshotId)).toEqual({ closed: false });
    await eventually(async () => expect(await snapshotSessions()).toBe(0), 20_000);
  });

  it('a closed, unknown or malformed snapshot id and out-of-bounds limits are error envelopes, never a crash', async () => {
    const { snapshot_id: snapshotId } = await openSnapshot();
    expect(await closeSnapshot(snapshotId)).toEqual({ closed: true });

    const closed = await rpcError(page(snapshotId, null, 10));
    expect(closed.code).toBe('RESOURCE_NOT_FOUND');
    expect(closed.details).toEqual([expect.objectContaining({ field: 'snapshot_id' })]);
    expect((await rpcError(page('0000FFFF-0000ABCD-7', null, 10))).code).toBe('RESOURCE_NOT_FOUND');

    // Past the client's own validation, straight to the responder.
    for (const id of ["0000FFFF-0000ABCD-7'; SELECT pg_sleep(10); --", 'garbage', '', 42, null]) {
      expect(await raw('snapshot_page', { snapshot_id: id, after: null, limit: 10 })).toMatchObject({
        err: { error: { code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'snapshot_id' })] } },
      });
      expect(await raw('snapshot_close', { snapshot_id: id })).toMatchObject({ err: { error: { code: 'VALIDATION_ERROR' } } });
    }
    for (const limit of [0, -5, 1001, 2.5, '100']) {
      expect(await raw('snapshot_page', { snapshot_id: snapshotId, after: null, limit })).toMatchObject({
        err: { error: { code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'limit' })] } },
      });
    }
    expect(await raw('snapshot_page', { snapshot_id: snapshotId, after: { workspace_id: randomUUID(), path: 'a..b' }, limit: 10 })).toMatchObject({
      err: { error: { code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'after.path' })] } },
    });
    expect(await raw('snapshot_open', { ttl_ms: 1 })).toMatchObject({ err: { error: { code: 'VALIDATION_ERROR' } } });

    // Still serving.
    const fresh = await openSnapshot();
    expect((await page(fresh.snapshot_id, null, 1)).items).toHaveLength(1);
    expect(await closeSnapshot(fresh.snapshot_id)).toEqual({ closed: true });
  });

  it('one instance holds at most ENTITY_SNAPSHOT_MAX_OPEN snapshots; closing frees a slot', async () => {
    const opened = [await openSnapshot(), await openSnapshot()];
    const refused = await rpcError(openSnapshot());
    expect(refused.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(refused.message).toContain('ENTITY_SNAPSHOT_MAX_OPEN');
    await eventually(async () => expect(await snapshotSessions()).toBe(2), 20_000);
    expect(await closeSnapshot(opened[0]?.snapshot_id ?? '')).toEqual({ closed: true });
    const again = await openSnapshot();
    for (const snapshot of [again, opened[1]]) expect(await closeSnapshot(snapshot?.snapshot_id ?? '')).toEqual({ closed: true });
    await eventually(async () => expect(await snapshotSessions()).toBe(0), 20_000);
  });

  it("another instance's snapshot: pages served here, closed from here (its session ended), expired at its lifetime, closed at shutdown", async () => {
    const { logger } = createCaptureLogger('silent');
    const config = harness.service.app.get<EntityServiceConfig>(SERVICE_CONFIG);
    const postgres = harness.service.app.get(PostgresDependency);
    const other = new EntitySnapshots(postgres, { ...config, ENTITY_SNAPSHOT_TTL_MS: 600_000, ENTITY_SNAPSHOT_MAX_OPEN: 1 }, logger);
    await smallWorld(randomUUID());

    const held = await other.open();
    expect((await rpcError(other.open())).code).toBe('RATE_LIMIT_EXCEEDED');
    expect((await pageAll(held.snapshot_id, 4)).items).toEqual(await tableNow());
    // The service does not hold it: it ends the other instance's exporter session, which frees its slot.
    expect(await closeSnapshot(held.snapshot_id)).toEqual({ closed: true });
    await eventually(() => expect(other.openCount).toBe(0), 20_000);
    expect((await rpcError(page(held.snapshot_id, null, 10))).code).toBe('RESOURCE_NOT_FOUND');
    expect(await closeSnapshot(held.snapshot_id)).toEqual({ closed: false });

    const shortLived = new EntitySnapshots(postgres, { ...config, ENTITY_SNAPSHOT_TTL_MS: 1000, ENTITY_SNAPSHOT_MAX_OPEN: 1 }, logger);
    const expiring = await shortLived.open();
    expect(Date.parse(expiring.expires_at) - Date.now()).toBeLessThanOrEqual(1000);
    await eventually(() => expect(shortLived.openCount).toBe(0), 20_000);
    expect((await rpcError(page(expiring.snapshot_id, null, 10))).code).toBe('RESOURCE_NOT_FOUND');

    const stopping = new EntitySnapshots(postgres, { ...config, ENTITY_SNAPSHOT_MAX_OPEN: 2 }, logger);
    const kept = [await stopping.open(), await stopping.open()];
    await eventually(async () => expect(await snapshotSessions()).toBe(2), 20_000);
    await stopping.onApplicationShutdown();
    expect(stopping.openCount).toBe(0);
    for (const snapshot of kept) expect((await rpcError(page(snapshot.snapshot_id, null, 10))).code).toBe('RESOURCE_NOT_FOUND');
    await eventually(async () => expect(await snapshotSessions()).toBe(0), 20_000);
  });
});
