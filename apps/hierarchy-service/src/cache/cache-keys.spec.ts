import { AffectedPaths } from '../projection/affected-paths';
import { groupsOf, ROOTS_PATH } from './cache-keys';

const WS = '6f1c3c8e-3f0a-4d2b-9a55-0c9e8b7a6d51';

describe('groupsOf', () => {
  it('drops every kind of each path, and only the lists of the lists-only ones', () => {
    const groups = groupsOf(WS, ['a', 'a.b'], false, ['a']).map((group) => `${group.kind}:${group.path}`);
    expect(groups.sort()).toEqual(['children:a', 'children:a.b', 'descendants:a', 'descendants:a.b', 'node:a.b']);
  });

  it('adds the roots list when asked', () => {
    expect(groupsOf(WS, [], true)).toEqual([{ workspaceId: WS, kind: 'children', path: ROOTS_PATH }]);
  });
});

describe('AffectedPaths', () => {
  it('keeps an ancestor lists-only until another change in the batch touches its node', () => {
    const renamed = new AffectedPaths();
    renamed.touchInPlace('a.b.c');
    expect(renamed.bounded()).toEqual({ paths: ['a.b.c', 'a', 'a.b'], listsOnly: ['a', 'a.b'], subtreeRoots: [], roots: false });

    const created = new AffectedPaths();
    created.touchChain('a.x'); // a child created under a: a's counts changed
    renamed.merge(created);
    const merged = renamed.bounded();
    expect(merged.paths.sort()).toEqual(['a', 'a.b', 'a.b.c', 'a.x']);
    expect(merged.listsOnly).toEqual(['a.b']);
    expect(merged.roots).toBe(true);
  });

  it('marks the roots list stale when a root itself is renamed', () => {
    const affected = new AffectedPaths();
    affected.touchInPlace('a');
    expect(affected.bounded()).toMatchObject({ paths: ['a'], listsOnly: [], roots: true });
  });
});
