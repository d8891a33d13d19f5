import fc from 'fast-check';
import { CONSTRAINT_OPERATORS, type EvaluableFlag, type FlagEvaluationContext } from '@forecastin/contracts';
import { contextArb, flagSetArb, startOfflineUnleash, toUnleashContext } from '@forecastin/flag-testing';
import type { Unleash } from 'unleash-client';
import { COMPAT_CONTEXTS, COMPAT_FLAGS } from '../test/unleash-compat.table';
import { FlagEvaluator } from './flag.evaluator';

// Both engines draw "random" stickiness from Math.random; pinning it makes even those cases comparable.
const PINNED_RANDOM = 0.4242;

interface Outcome {
  enabled: boolean;
  variant: string;
  variantEnabled: boolean;
  payload: unknown;
}

function ours(evaluator: FlagEvaluator, key: string, context: FlagEvaluationContext): Outcome {
  const result = evaluator.evaluate(key, context);
  return { enabled: result.enabled, variant: result.variant ?? 'disabled', variantEnabled: result.variant !== undefined, payload: result.payload };
}

function theirs(unleash: Unleash, key: string, context: FlagEvaluationContext): Outcome {
  const unleashContext = toUnleashContext(context);
  const enabled = unleash.isEnabled(key, unleashContext);
  const variant = unleash.getVariant(key, unleashContext);
  expect(variant.feature_enabled).toBe(enabled);
  return { enabled, variant: variant.name, variantEnabled: variant.enabled, payload: variant.payload };
}

async function compareAll(flags: EvaluableFlag[], contexts: FlagEvaluationContext[]): Promise<Outcome[]> {
  const unleash = await startOfflineUnleash(flags);
  try {
    const evaluator = FlagEvaluator.compile(flags, { random: () => PINNED_RANDOM });
    const outcomes: Outcome[] = [];
    for (const { key } of flags) {
      for (const context of contexts) {
        const expected = theirs(unleash, key, context);
        const actual = ours(evaluator, key, context);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          // Name the case: a bare toEqual over thousands of evaluations would not say which one.
          expect({ key, context, actual }).toEqual({ key, context, actual: expected });
        }
        outcomes.push(actual);
      }
    }
    return outcomes;
  } finally {
    unleash.destroy();
  }
}

describe('compatibility with unleash-client (offline bootstrap, same definitions and contexts)', () => {
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(PINNED_RANDOM));
  afterEach(() => jest.restoreAllMocks());

  it('the table covers every operator of API.md', () => {
    const used = new Set(COMPAT_FLAGS.flatMap((flag) => flag.strategies.flatMap((strategy) => strategy.constraints.map((constraint) => constraint.operator))));
    expect([...CONSTRAINT_OPERATORS].filter((operator) => !used.has(operator))).toEqual([]);
  });

  it('answers the table exactly as unleash-client: enabled, variant, payload', async () => {
    const outcomes = await compareAll(COMPAT_FLAGS, COMPAT_CONTEXTS);
    // The table is only a test if both answers occur often: guard against a table that is all "off".
    const enabledShare = outcomes.filter((outcome) => outcome.enabled).length / outcomes.length;
    expect(enabledShare).toBeGreaterThan(0.2);
    expect(enabledShare).toBeLessThan(0.8);
    expect(new Set(outcomes.map((outcome) => outcome.variant)).size).toBeGreaterThan(8);
  });

  it('answers random flag sets and contexts exactly as unleash-client', async () => {
    let enabled = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(flagSetArb, fc.array(contextArb, { minLength: 1, maxLength: 12 }), async (flags, contexts) => {
        const outcomes = await compareAll(flags, contexts);
        enabled += outcomes.filter((outcome) => outcome.enabled).length;
        total += outcomes.length;
      }),
      { numRuns: 120 },
    );
    expect(enabled / total).toBeGreaterThan(0.1);
    expect(enabled / total).toBeLessThan(0.9);
  });
});
