import fc from 'fast-check';

export const keyArb = fc.stringMatching(/^[a-z0-9_]{1,63}$/);
export const pathArb = fc.array(keyArb, { minLength: 1, maxLength: 32 }).map((keys) => keys.join('.'));

const labelVariantArb = fc
  .tuple(fc.stringMatching(/^[a-z0-9_]{1,12}$/), fc.subarray(['@', '*', '%']))
  .map(([label, modifiers]) => label + modifiers.join(''));

const labelItemArb = fc
  .tuple(fc.boolean(), fc.array(labelVariantArb, { minLength: 1, maxLength: 4 }))
  .map(([negated, alternatives]) => (negated ? '!' : '') + alternatives.join('|'));

const starItemArb = fc.oneof(
  fc.constant('*'),
  fc.integer({ min: 0, max: 32 }).map((n) => `*{${n}}`),
  fc.integer({ min: 0, max: 32 }).map((n) => `*{${n},}`),
  fc.integer({ min: 0, max: 32 }).map((n) => `*{,${n}}`),
  fc
    .tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }))
    .map(([a, b]) => `*{${Math.min(a, b)},${Math.max(a, b)}}`),
);

/** Patterns drawn from the grammar lqueryPatternSchema accepts. */
export const lqueryArb = fc
  .array(fc.oneof(labelItemArb, starItemArb), { minLength: 1, maxLength: 8 })
  .map((items) => items.join('.'));
