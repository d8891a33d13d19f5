import { compileSingleField } from './context-field.resolver';
import type { EvaluationContext } from './evaluation-context.types';
import { randomRolloutStickiness, randomVariantSeed, type RandomSource } from './bucketing';

/** The value a percentage rollout hashes, or undefined when the strategy cannot apply (→ false). */
export type RolloutStickiness = (context: EvaluationContext, random: RandomSource) => string | undefined;

/** The value a variant choice hashes; never undefined (it falls back to a random one). */
export type VariantSeed = (context: EvaluationContext, random: RandomSource) => string;

/**
 * unleash-client's FlexibleRolloutStrategy: `default` is the user id, else the session id, else a
 * random value; `random` is always random; any other field is read from the context, and a
 * missing (or empty) one makes the strategy false.
 */
export function compileRolloutStickiness(stickiness: string): RolloutStickiness {
  if (stickiness === 'default') return (context, random) => context.user_id || context.session_id || randomRolloutStickiness(random);
  if (stickiness === 'random') return (_context, random) => randomRolloutStickiness(random);
  const read = compileSingleField(stickiness);
  return (context) => read(context) || undefined;
}

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * unleash-client's variant seed (`getSeed`): `default` is the user id, else the session id, else
 * the remote address, else random; any other name (even `random`) is read from the context and
 * falls back to a random value when missing. So a variant never fails for want of a field.
 */
export function compileVariantSeed(stickiness: string): VariantSeed {
  if (stickiness === 'default') {
    return (context, random) => {
      if (nonEmpty(context.user_id)) return context.user_id;
      if (nonEmpty(context.session_id)) return context.session_id;
      if (nonEmpty(context.remote_address)) return context.remote_address;
      return randomVariantSeed(random);
    };
  }
  const read = compileSingleField(stickiness);
  return (context, random) => read(context) || randomVariantSeed(random);
}
