import type { FlagVariant } from '@forecastin/contracts';
import { groupPrefix, variantTarget, type RandomSource } from './bucketing';
import type { EvaluationContext } from './evaluation-context.types';
import type { JsonValue, VariantPayload } from './flag-evaluation.types';
import { decodePayload } from './payload.decoder';
import { compileVariantSeed } from './stickiness.resolver';

/** A variant ready to be answered: its payload decoded once, at compile time. */
export interface CompiledVariant {
  readonly name: string;
  readonly payload?: VariantPayload;
  /** The decoded payload, or the name when there is no payload; undefined when the payload does not decode. */
  readonly value: JsonValue | undefined;
}

export interface VariantSelector {
  select(context: EvaluationContext, random: RandomSource): CompiledVariant | undefined;
  /** More than one variant can be picked: the pick is a pseudorandom split (reason SPLIT). */
  readonly isSplit: boolean;
}

function compileVariant(variant: FlagVariant): CompiledVariant {
  if (!variant.payload) return { name: variant.name, value: variant.name };
  const decoded = decodePayload(variant.payload);
  return { name: variant.name, payload: variant.payload, value: decoded.ok ? decoded.value : undefined };
}

/**
 * unleash-client's `selectVariantDefinition`: hash `<groupId>:<seed>` with the variant seed to a
 * point in 1..total weight and take the first variant (weight 0 skipped) whose cumulative weight
 * reaches it. The stickiness is the first variant's. Undefined when the list has no weight.
 * Unleash's legacy per-variant `overrides` have no counterpart in our definitions (API.md).
 */
export function compileVariantSelector(variants: readonly FlagVariant[], groupId: string, stickiness: string): VariantSelector | undefined {
  const weighted = variants.filter((variant) => variant.weight > 0);
  const totalWeight = weighted.reduce((sum, variant) => sum + variant.weight, 0);
  if (totalWeight <= 0) return undefined;
  const prefix = groupPrefix(groupId);
  const seedOf = compileVariantSeed(stickiness);
  const compiled = weighted.map(compileVariant);
  const thresholds = weighted.reduce<number[]>((acc, variant) => [...acc, (acc.at(-1) ?? 0) + variant.weight], []);
  return {
    isSplit: weighted.length > 1,
    select(context, random) {
      const target = variantTarget(prefix, seedOf(context, random), totalWeight);
      for (let index = 0; index < thresholds.length; index += 1) {
        if ((thresholds[index] as number) >= target) return compiled[index];
      }
      return undefined;
    },
  };
}
