import fc from 'fast-check';
import { lqueryArb } from '../../test/arbitraries/ltree.arbitrary';
import { lqueryPatternSchema, MAX_LQUERY_LENGTH } from './lquery-pattern.schema';

function messageOf(pattern: string): string | undefined {
  return lqueryPatternSchema.safeParse(pattern).error?.issues[0]?.message;
}

describe('lqueryPatternSchema', () => {
  it.each(['world', 'world.*', '*.japan', 'world.*{1,3}.tokyo', '*{2}', '*{,2}.a', '*{2,}', 'world.asia|europe.*', '!asia.*', 'tok*', 'jap@', 'new_york%', 'a@*%', '!a*|b@'])(
    'accepts %j',
    (pattern) => {
      expect(lqueryPatternSchema.parse(pattern)).toBe(pattern);
    },
  );

  it('accepts every pattern of the supported grammar', () => {
    fc.assert(fc.property(lqueryArb, (pattern) => lqueryPatternSchema.safeParse(pattern).success));
  });

  it.each([
    ["world'", 'lquery level 0'],
    ['world;drop table x', 'lquery level 0'],
    ['world asia', 'lquery level 0'],
    ['(world)', 'lquery level 0'],
    ['world..asia', 'lquery level 1'],
    ['world.', 'lquery level 1'],
    ['.world', 'lquery level 0'],
    ['!*', 'lquery level 0'],
    ['*{}', 'lquery level 0 needs a bound inside {}'],
    ['*{,}', 'lquery level 0 needs a bound inside {}'],
    ['*{3,1}', 'lquery level 0 has a quantifier whose lower bound exceeds its upper bound'],
    ['*{33}', 'lquery level 0 has a quantifier above 32'],
    ['*{999999}', 'lquery level 0'],
    ['a{1}', 'lquery level 0'],
    ['a@@', 'lquery level 0 repeats a label modifier'],
    ['!a|!b', 'lquery level 0'],
    ['a||b', 'lquery level 0'],
    ['World', 'lquery level 0'],
    ['a\\.b', 'lquery level 0'],
    ['$1', 'lquery level 0'],
  ])('rejects %j', (pattern, message) => {
    expect(messageOf(pattern)).toContain(message);
  });

  it('rejects empty, too long and too deep patterns', () => {
    expect(messageOf('')).toBe('lquery must not be empty');
    expect(messageOf('a'.repeat(MAX_LQUERY_LENGTH + 1))).toBe(`lquery must be at most ${MAX_LQUERY_LENGTH} characters`);
    expect(messageOf(Array(65).fill('a').join('.'))).toBe('lquery must have at most 64 levels');
    expect(messageOf(Array(17).fill('a').join('|'))).toBe('lquery level 0 has more than 16 alternatives');
  });

  it('rejects any pattern containing characters outside the grammar', () => {
    const hostile = fc.constantFrom("'", '"', ';', ' ', '(', ')', '\\', '\n', '$', '-', '/', ',', '{', '}', '\0');
    fc.assert(
      fc.property(lqueryArb, fc.nat(), hostile, (pattern, at, char) => {
        const index = at % (pattern.length + 1);
        const mutated = pattern.slice(0, index) + char + pattern.slice(index);
        // `{` `}` `,` can be legal inside a star quantifier; everything else never is.
        fc.pre(!/[{},]/.test(char));
        expect(lqueryPatternSchema.safeParse(mutated).success).toBe(false);
      }),
    );
  });
});
