import type { Entity } from '@forecastin/contracts';
import type { EntityManager } from 'typeorm';

/** The first answer given to a create with this key. */
export interface StoredCreate {
  requestHash: string;
  eventId: string;
  entity: Entity;
}

export interface IdempotencyScope {
  workspaceId: string;
  userId: string;
  key: string;
}

/**
 * `idempotency_keys`: one row per (workspace, user, key). Retries of one key are serialised by a
 * transaction-level advisory lock, so the second of two concurrent retries waits for the first to
 * commit and then finds its answer (instead of creating a second entity).
 */
export class IdempotencyRepository {
  async lock(manager: EntityManager, scope: IdempotencyScope): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('forecastin:entity-idempotency:' || $1 || ':' || $2 || ':' || $3, 0))`, [
      scope.workspaceId,
      scope.userId,
      scope.key,
    ]);
  }

  /** The stored answer, unless it is older than the TTL (then the key is free again). */
  async find(manager: EntityManager, scope: IdempotencyScope, ttlHours: number): Promise<StoredCreate | undefined> {
    const rows = await manager.query<Array<{ request_hash: string; event_id: string; response: Entity }>>(
      `SELECT request_hash, event_id, response FROM idempotency_keys
        WHERE workspace_id = $1 AND user_id = $2 AND key = $3 AND created_at > now() - make_interval(hours => $4)`,
      [scope.workspaceId, scope.userId, scope.key, ttlHours],
    );
    const row = rows[0];
    return row && { requestHash: row.request_hash, eventId: row.event_id, entity: row.response };
  }

  /** Records the answer (replacing an expired row of the same key). */
  async save(manager: EntityManager, scope: IdempotencyScope, stored: StoredCreate): Promise<void> {
    await manager.query(
      `INSERT INTO idempotency_keys (workspace_id, user_id, key, request_hash, entity_id, event_id, response)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (workspace_id, user_id, key) DO UPDATE
         SET request_hash = excluded.request_hash, entity_id = excluded.entity_id, event_id = excluded.event_id,
             response = excluded.response, created_at = now()`,
      [scope.workspaceId, scope.userId, scope.key, stored.requestHash, stored.entity.id, stored.eventId, JSON.stringify(stored.entity)],
    );
  }

  /**
   * Deletes up to `batch` expired keys of the workspace. Called by each create that stores a key,
   * so the table converges to the live keys without a cross-workspace job (which RLS would blind).
   */
  async purgeExpired(manager: EntityManager, workspaceId: string, ttlHours: number, batch = 100): Promise<void> {
    await manager.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys
          WHERE workspace_id = $1 AND created_at <= now() - make_interval(hours => $2)
          LIMIT $3)`,
      [workspaceId, ttlHours, batch],
    );
  }
}
