import type { TenantTransactionLock } from '@forecastin/persistence';

/**
 * One advisory lock per workspace tree, held until the transaction ends. Structural changes
 * (move, key rename, delete) take it exclusively: they run one at a time and each re-reads the tree
 * after acquiring it, so two moves that would together form a cycle cannot both pass their check.
 * Creates take it shared: they run concurrently with each other, but never while a subtree is
 * being rewritten (a child inserted under a moving subtree would keep its stale path).
 *
 * It is taken by the transaction's first statement, the tenant switch of `withTenant()` (its
 * `lock` option), so it costs no round trip of its own. It must never be taken inside the statement
 * that reads the tree: a statement's snapshot predates the locks it takes, so a create would read
 * the parent's path as it was before a move that committed while the create waited. Every
 * statement after the tenant switch starts after the lock was granted (READ COMMITTED: a fresh
 * snapshot per statement).
 *
 * The key is `hashtextextended('forecastin:entity-tree:' || <workspace id>, 0)`, unchanged since the
 * lock was a statement of its own, so replicas of both versions exclude each other during a rollout;
 * the seed tool (tools/seed/src/seed-writer.ts) takes the same key.
 */
export function treeLock(workspaceId: string, mode: TenantTransactionLock['mode']): TenantTransactionLock {
  return { key: `forecastin:entity-tree:${workspaceId}`, mode };
}
