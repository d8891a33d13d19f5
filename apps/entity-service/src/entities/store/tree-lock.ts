import type { EntityManager } from 'typeorm';

/**
 * One advisory lock per workspace tree, held until the transaction ends. Structural changes
 * (move, key rename, delete) take it exclusively: they run one at a time and each re-reads the tree
 * after acquiring it, so two moves that would together form a cycle cannot both pass their check.
 * Creates take it shared: they run concurrently with each other, but never while a subtree is
 * being rewritten (a child inserted under a moving subtree would keep its stale path).
 */
const LOCK_KEY = `hashtextextended('forecastin:entity-tree:' || $1, 0)`;

export async function lockTreeExclusive(manager: EntityManager, workspaceId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, [workspaceId]);
}

export async function lockTreeShared(manager: EntityManager, workspaceId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${LOCK_KEY})`, [workspaceId]);
}
