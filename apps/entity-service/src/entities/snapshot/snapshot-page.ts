import type { EntitySnapshotPageResponse, SnapshotEntity } from '@forecastin/contracts';

/**
 * Bytes of JSON a page may carry. NATS refuses payloads over its max_payload (1 MiB by default). A
 * page of 1,000 entities six levels deep with short names is ~270 KiB, but names (256 characters,
 * up to 4 bytes each) and paths (32 labels of 63) allow ~3 KiB per entity, so the responder stops
 * early rather than fail.
 */
export const SNAPSHOT_PAGE_MAX_BYTES = 512 * 1024;

/**
 * One page from `rows` (fetched with LIMIT limit + 1, in (workspace_id, path) order): at most
 * `limit` items and at most `maxBytes` of serialized items (always at least one), and `next` = the
 * last item's position when anything is left after it.
 */
export function snapshotPage(rows: readonly SnapshotEntity[], limit: number, maxBytes = SNAPSHOT_PAGE_MAX_BYTES): EntitySnapshotPageResponse {
  const items: SnapshotEntity[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (items.length === limit) break;
    const size = Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (items.length > 0 && bytes + size > maxBytes) break;
    items.push(row);
    bytes += size;
  }
  const last = items[items.length - 1];
  const more = rows.length > items.length && last !== undefined;
  return { items, next: more ? { workspace_id: last.workspace_id, path: last.path } : null };
}
