import fc from 'fast-check';
import { ancestorPaths, lastLabel, parentPath, pathDepth } from './ltree-paths';

const label = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/);
const path = fc.array(label, { minLength: 1, maxLength: 12 }).map((labels) => labels.join('.'));

describe('ltree path helpers (what the read model derives instead of reading)', () => {
  it('lastLabel is the key and pathDepth is nlevel, for any path', () => {
    fc.assert(
      fc.property(path, (value) => {
        const labels = value.split('.');
        expect(lastLabel(value)).toBe(labels.at(-1));
        expect(pathDepth(value)).toBe(labels.length);
      }),
    );
  });

  it('agree with parentPath and ancestorPaths', () => {
    fc.assert(
      fc.property(path, (value) => {
        const parent = parentPath(value);
        expect(parent === null ? value : `${parent}.${lastLabel(value)}`).toBe(value);
        expect(ancestorPaths(value)).toHaveLength(pathDepth(value) - 1);
      }),
    );
  });

  it('handles the edge cases by example', () => {
    expect([lastLabel('world'), pathDepth('world')]).toEqual(['world', 1]);
    expect([lastLabel('a.b.c'), pathDepth('a.b.c')]).toEqual(['c', 3]);
  });
});
