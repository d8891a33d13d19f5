import { isStorableText, jsonStorageProblem, storableTextSchema } from './storable-text';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, accepts paired ones and ordinary unicode', () => {
    expect(['a\u0000', '\ud800', 'x\udc00y', '\udc00\ud800'].map(isStorableText)).toEqual([false, false, false, false]);
    expect(['', 'Ünïcödé', '😀', '\ud83d\ude00', 'tab\tnew\nline'].map(isStorableText)).toEqual([true, true, true, true, true]);
    expect(storableTextSchema.safeParse('a\u0000').success).toBe(false);
  });

  it('finds bad strings and keys at any depth of a JSON value', () => {
    expect(jsonStorageProblem({ a: [{ b: 'ok' }] }, 8)).toBeUndefined();
    expect(jsonStorageProblem({ a: [{ b: 'x\u0000' }] }, 8)).toMatch(/^strings /);
    expect(jsonStorageProblem({ a: [{ '\ud800': 1 }] }, 8)).toMatch(/^keys /);
  });

  it('bounds depth by containers (the value itself is level 1) without recursion', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 1;
      for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? [value] : { a: value };
      return value;
    };
    expect(jsonStorageProblem(nest(3), 3)).toBeUndefined();
    expect(jsonStorageProblem(nest(4), 3)).toMatch(/at most 3 levels/);
    expect(jsonStorageProblem(nest(200_000), 32)).toMatch(/at most 32 levels/);
    expect(jsonStorageProblem('\u0000', 1)).toMatch(/^strings /);
  });
});
