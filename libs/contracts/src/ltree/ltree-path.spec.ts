import fc from 'fast-check';
import { z } from 'zod';
import { keyArb, pathArb } from '../../test/arbitraries/ltree.arbitrary';
import { zodIssuesToDetails } from '../errors/zod-issues.mapper';
import { KEY_PATTERN, MAX_PATH_DEPTH } from './ltree.constants';
import { ltreePathSchema, pathDepth } from './ltree-path.schema';

describe('ltreePathSchema', () => {
  it('accepts dot-joined keys up to depth 32 and keeps them unchanged', () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        expect(ltreePathSchema.parse(JSON.parse(JSON.stringify(path)))).toBe(path);
        expect(pathDepth(path)).toBeLessThanOrEqual(MAX_PATH_DEPTH);
      }),
    );
    expect(pathDepth('world.asia.japan')).toBe(3);
  });

  it('rejects a path deeper than 32', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { minLength: MAX_PATH_DEPTH + 1, maxLength: 40 }), (keys) => {
        const result = ltreePathSchema.safeParse(keys.join('.'));
        expect(result.success).toBe(false);
      }),
      { numRuns: 30 },
    );
    expect(ltreePathSchema.safeParse(Array(33).fill('a').join('.')).error?.issues[0]?.message).toBe('path must have at most 32 labels');
  });

  it('accepts exactly the strings whose labels are all valid keys, at most 32 of them', () => {
    // The schema tests a whole path in one regular expression; this is the rule it stands for.
    const byLabels = (value: string) => {
      const labels = value.split('.');
      return labels.length <= MAX_PATH_DEPTH && labels.every((label) => KEY_PATTERN.test(label));
    };
    const nearlyPaths = fc.string({ unit: fc.constantFrom('a', 'z', '0', '_', '.', 'A', '-', ' ', '\n', 'é'), maxLength: 80 });
    const longLabels = fc.array(fc.string({ unit: fc.constantFrom('a', '_'), minLength: 60, maxLength: 66 }), { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
    const deepPaths = fc.array(fc.constantFrom('a', 'b1'), { minLength: 30, maxLength: 34 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(fc.oneof(nearlyPaths, longLabels, deepPaths, pathArb), (value) => {
        expect(ltreePathSchema.safeParse(value).success).toBe(byLabels(value));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['', 'path must not be empty'],
    ['world..japan', 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ['.world', 'label 0 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ['world.', 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ['world.Asia', 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ["world.asia'; drop table x; --", 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ['world.*', 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
    ['world asia', 'label 0 of the path must be 1-63 characters of a-z, 0-9 and _'],
    [`world.${'a'.repeat(64)}`, 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _'],
  ])('rejects %j', (path, message) => {
    expect(ltreePathSchema.safeParse(path).error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('reports the failing field by its path when nested', () => {
    const query = z.object({ path: ltreePathSchema });
    const result = query.safeParse({ path: 'a.b;c' });
    expect(result.success).toBe(false);
    expect(result.error && zodIssuesToDetails(result.error)).toEqual([
      { field: 'path', message: 'label 1 of the path must be 1-63 characters of a-z, 0-9 and _' },
    ]);
  });
});
