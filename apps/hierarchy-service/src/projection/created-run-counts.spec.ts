import fc from 'fast-check';
import { createdRunCounts } from './created-run-counts';

/** Counts the slow way: every pair of paths. */
function bruteForce(run: readonly string[]) {
  const isUnder = (path: string, ancestor: string) => path.startsWith(`${ancestor}.`);
  const isChild = (path: string, parent: string) => isUnder(path, parent) && !path.slice(parent.length + 1).includes('.');
  const outside = new Map<string, { descendants: number; children: number }>();
  for (const path of run) {
    const labels = path.split('.');
    for (let depth = 1; depth < labels.length; depth++) {
      const ancestor = labels.slice(0, depth).join('.');
      if (run.includes(ancestor)) continue;
      const counts = outside.get(ancestor) ?? { descendants: 0, children: 0 };
      counts.descendants += 1;
      if (depth === labels.length - 1) counts.children += 1;
      outside.set(ancestor, counts);
    }
  }
  return {
    children: run.map((node) => run.filter((path) => isChild(path, node)).length),
    descendants: run.map((node) => run.filter((path) => isUnder(path, node)).length),
    parentIndex: run.map((node) => {
      const index = run.findIndex((path) => isChild(node, path));
      return index === -1 ? null : index;
    }),
    outside,
  };
}

/** A random forest in creation order (parents first), from a random point on: the run (its first nodes' ancestors are outside it). */
const forestAndCut = fc
  .array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 60 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.nat({ max: shape.length })))
  .map(([shape, cut]) => {
    const paths: string[] = [];
    shape.forEach(([pick, root], index) => {
      const parent = root || paths.length === 0 ? undefined : paths[pick % paths.length];
      paths.push(parent === undefined ? `r${index}` : `${parent}.n${index}`);
    });
    return { run: paths.slice(cut) };
  });

describe('createdRunCounts', () => {
  it('gives each created node the descendants and children created with it, and each ancestor outside the run what the run adds', () => {
    fc.assert(
      fc.property(forestAndCut, ({ run }) => {
        const counts = createdRunCounts(run);
        const expected = bruteForce(run);
        expect(counts.children).toEqual(expected.children);
        expect(counts.descendants).toEqual(expected.descendants);
        expect(counts.parentIndex).toEqual(expected.parentIndex);
        const outside = new Map(counts.outside.paths.map((path, index) => [path, { descendants: counts.outside.descendants[index], children: counts.outside.children[index] }]));
        expect(outside).toEqual(expected.outside);
        expect(new Set(counts.outside.paths).size).toBe(counts.outside.paths.length);
      }),
      { numRuns: 300 },
    );
  });

  it('counts a chain whose top is outside the run once per level', () => {
    expect(createdRunCounts(['a.b', 'a.b.c', 'a.b.c.d', 'a.x'])).toEqual({
      children: [1, 1, 0, 0],
      descendants: [2, 1, 0, 0],
      parentIndex: [null, 0, 1, null],
      outside: { paths: ['a'], descendants: [4], children: [2] },
    });
  });

  it('has nothing outside for a run of roots', () => {
    expect(createdRunCounts(['a', 'b']).outside).toEqual({ paths: [], descendants: [], children: [] });
  });
});
