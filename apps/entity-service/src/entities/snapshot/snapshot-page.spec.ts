import { randomUUID } from 'node:crypto';
import { entitySnapshotPageResponseSchema, type SnapshotEntity } from '@forecastin/contracts';
import { SNAPSHOT_PAGE_MAX_BYTES, snapshotPage } from './snapshot-page';

const WS = randomUUID();

function entity(index: number, name = `Node ${index}`, path = `n${index}`): SnapshotEntity {
  return { workspace_id: WS, id: randomUUID(), parent_id: null, path, key: path.split('.').pop() ?? 'x', name, entity_type: 'region', version: 1 };
}

describe('snapshotPage', () => {
  it('answers at most `limit` items and the last one as `next` while rows are left', () => {
    const rows = Array.from({ length: 4 }, (_, index) => entity(index));
    expect(snapshotPage(rows, 3)).toEqual({ items: rows.slice(0, 3), next: { workspace_id: WS, path: 'n2' } });
    expect(snapshotPage(rows, 4)).toEqual({ items: rows, next: null });
    expect(snapshotPage(rows.slice(0, 2), 3)).toEqual({ items: rows.slice(0, 2), next: null });
    expect(snapshotPage([], 10)).toEqual({ items: [], next: null });
  });

  it('stops early when the largest entities would take the page past its byte bound, well under NATS 1 MiB', () => {
    // The largest entity the contracts allow: 32 labels of 63 characters, a 256-unit name of 4-byte characters.
    const path = Array.from({ length: 32 }, (_, level) => `${String(level).padStart(2, '0')}${'x'.repeat(61)}`).join('.');
    const huge = Array.from({ length: 1001 }, (_, index) => entity(index, '😀'.repeat(128), path));
    const page = snapshotPage(huge, 1000);
    const bytes = Buffer.byteLength(JSON.stringify(page), 'utf8');
    expect(page.items.length).toBeGreaterThan(50);
    expect(page.items.length).toBeLessThan(1000);
    // The bound is on the items; `next` (one more path) and the wrapper add a few KiB at most.
    expect(bytes).toBeLessThan(SNAPSHOT_PAGE_MAX_BYTES + 4096);
    expect(bytes).toBeLessThan(1024 * 1024 - 64 * 1024);
    expect(page.next).toEqual({ workspace_id: WS, path });
    expect(entitySnapshotPageResponseSchema.safeParse(page).success).toBe(true);
  });

  it('always answers one item, however large, so paging never stalls', () => {
    const rows = [entity(0, 'A'.repeat(256)), entity(1)];
    expect(snapshotPage(rows, 10, 10).items).toEqual([rows[0]]);
  });
});
