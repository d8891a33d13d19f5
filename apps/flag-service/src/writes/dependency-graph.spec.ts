import fc from 'fast-check';
import { checkDependencies, dependentsOf, type DependencyEdges } from './dependency-graph';

const deps = (...keys: string[]) => keys.map((flag_key) => ({ flag_key, enabled: true }));
const graph = (entries: Record<string, string[]>): DependencyEdges => new Map(Object.entries(entries));

describe('checkDependencies', () => {
  it('reports unknown parents by index and accepts known ones', () => {
    expect(checkDependencies('c', deps('a', 'nope', 'b'), graph({ a: [], b: ['a'] }))).toEqual({ unknown: [1], cycle: undefined });
  });

  it('finds self-dependencies and longer loops, with the path', () => {
    expect(checkDependencies('a', deps('a'), graph({ a: [] })).cycle).toEqual(['a', 'a']);
    expect(checkDependencies('a', deps('c'), graph({ a: [], b: ['a'], c: ['b'] })).cycle).toEqual(['a', 'c', 'b', 'a']);
    // a's old edges are replaced: dropping a → b removes the loop b → a → b.
    expect(checkDependencies('a', [], graph({ a: ['b'], b: ['a'] })).cycle).toBeUndefined();
  });

  it('never reports a cycle for a graph built in topological order (random DAGs)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 30 }), (parentPicks) => {
        // flag i may only depend on flags < i: acyclic by construction
        const edges = new Map<string, string[]>();
        parentPicks.forEach((picks, i) => {
          const parents = i === 0 ? [] : [...new Set(picks.map((pick) => `f${pick % i}`))];
          const result = checkDependencies(`f${i}`, deps(...parents), edges);
          expect(result).toEqual({ unknown: [], cycle: undefined });
          edges.set(`f${i}`, parents);
        });
        // …and closing any edge back to a descendant's ancestor is refused
        const last = `f${parentPicks.length - 1}`;
        const ancestorOfLast = edges.get(last)?.[0];
        if (ancestorOfLast) expect(checkDependencies(ancestorOfLast, deps(last), edges).cycle?.at(0)).toBe(ancestorOfLast);
      }),
      { numRuns: 100 },
    );
  });
});

describe('dependentsOf', () => {
  it('lists the flags whose dependencies name the key', () => {
    expect(dependentsOf('a', graph({ a: [], c: ['a'], b: ['a', 'x'], d: [] }))).toEqual(['b', 'c']);
  });
});
