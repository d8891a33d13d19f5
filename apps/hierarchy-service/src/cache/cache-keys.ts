import type { HierarchyCacheKind } from '@forecastin/contracts';

/**
 * A cache group is everything cached for one (workspace, kind, path): a node, or every page and
 * filter of a node's children / descendants list. Invalidation drops whole groups, so a change
 * never has to know which pages were asked for. The roots list is the children group of path ''.
 */
export interface CacheGroup {
  readonly workspaceId: string;
  readonly kind: HierarchyCacheKind;
  readonly path: string;
}

export const ROOTS_PATH = '';
export const CACHE_KINDS: readonly HierarchyCacheKind[] = ['node', 'children', 'descendants'];

/** L1 key of a group: the workspace is part of every key. */
export function groupId(group: CacheGroup): string {
  return `${group.workspaceId}|${group.kind}|${group.path}`;
}

/** `<ws>|` prefix of every L1 key of a workspace, and the path part of a key. */
export function parseGroupId(id: string): CacheGroup {
  const [workspaceId = '', kind = 'node', path = ''] = id.split('|');
  return { workspaceId, kind: kind as HierarchyCacheKind, path };
}

/** Every group of the given paths (all kinds), plus the roots list when asked. */
export function groupsOf(workspaceId: string, paths: Iterable<string>, roots: boolean, listsOnly: readonly string[] = []): CacheGroup[] {
  const groups: CacheGroup[] = [];
  const keepNode = new Set(listsOnly);
  for (const path of paths) for (const kind of CACHE_KINDS) if (kind !== 'node' || !keepNode.has(path)) groups.push({ workspaceId, kind, path });
  if (roots) groups.push({ workspaceId, kind: 'children', path: ROOTS_PATH });
  return groups;
}

/** True when `path` is `root` or lies under it. */
export function isAtOrUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}
