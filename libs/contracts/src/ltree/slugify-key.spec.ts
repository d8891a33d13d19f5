import fc from 'fast-check';
import { ltreeKeySchema } from './ltree-key.schema';
import { slugifyKey } from './slugify-key.util';

describe('slugifyKey', () => {
  it.each([
    ['Japan', 'japan'],
    ['New York City', 'new_york_city'],
    ['  São Paulo  ', 'sao_paulo'],
    ['Côte d’Ivoire', 'cote_d_ivoire'],
    ['Zürich / Straße', 'zurich_strasse'],
    ['Łódź', 'lodz'],
    ['Ærø', 'aero'],
    ['--Already_snake--', 'already_snake'],
    ['A&B   Corp.', 'a_b_corp'],
    ['ＡＢＣ１２３', 'abc123'],
  ])('%j → %j', (name, key) => {
    expect(slugifyKey(name)).toBe(key);
  });

  it('truncates to 63 characters without a trailing underscore', () => {
    const key = slugifyKey(`${'a'.repeat(62)} tail`);
    expect(key).toBe('a'.repeat(62));
    expect(slugifyKey('b'.repeat(200))).toHaveLength(63);
  });

  it('falls back to a stable hash key when nothing ASCII is left', () => {
    const tokyo = slugifyKey('東京');
    expect(tokyo).toMatch(/^k_[0-9a-f]{16}$/);
    expect(slugifyKey('東京')).toBe(tokyo);
    expect(slugifyKey('大阪')).not.toBe(tokyo);
    expect(slugifyKey('')).toMatch(/^k_[0-9a-f]{16}$/);
    expect(slugifyKey('!!!')).toMatch(/^k_[0-9a-f]{16}$/);
  });

  it('always yields a valid key, deterministically', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (name) => {
        const key = slugifyKey(name);
        expect(ltreeKeySchema.safeParse(key).success).toBe(true);
        expect(slugifyKey(name)).toBe(key);
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent on keys it produced', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        const key = slugifyKey(name);
        expect(slugifyKey(key)).toBe(key);
      }),
    );
  });
});
