import fc from 'fast-check';
import { keyArb } from '../../test/arbitraries/ltree.arbitrary';
import { ltreeKeySchema } from './ltree-key.schema';

describe('ltreeKeySchema', () => {
  it('accepts every 1..63 character key of [a-z0-9_]', () => {
    fc.assert(fc.property(keyArb, (key) => ltreeKeySchema.parse(JSON.parse(JSON.stringify(key))) === key));
  });

  it.each(['', 'a.b', 'a;drop', '*', "'", 'Japan', 'a'.repeat(64), 'new york', 'tōkyō', 'a-b', 'a|b', '!a', 'a%', 'a@'])(
    'rejects %j',
    (key) => {
      const result = ltreeKeySchema.safeParse(key);
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: [], message: 'key must be 1-63 characters of a-z, 0-9 and _' })]);
    },
  );

  it('rejects any key containing a character outside [a-z0-9_], at the key field', () => {
    const badChar = fc.string({ minLength: 1, maxLength: 1 }).filter((char) => !/^[a-z0-9_]$/.test(char));
    fc.assert(
      fc.property(fc.tuple(fc.stringMatching(/^[a-z0-9_]{0,30}$/), badChar, fc.stringMatching(/^[a-z0-9_]{0,30}$/)), ([head, bad, tail]) => {
        const result = ltreeKeySchema.safeParse(head + bad + tail);
        expect(result.success).toBe(false);
      }),
    );
  });
});
