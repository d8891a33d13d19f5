import murmurhash3 from 'murmurhash3js';

// Unleash's seeds (unleash-client `strategy/util.js`): rollouts hash with 0, variants with 86028157.
export const ROLLOUT_SEED = 0;
export const VARIANT_SEED = 86_028_157;

/**
 * 1..100: the bucket of `<groupId>:<stickinessValue>` for a percentage rollout. The hash comes from
 * murmurhash3js, the package unleash-client itself uses, so buckets agree with it bit for bit
 * (including its handling of non-ASCII: it hashes the low byte of each UTF-16 unit).
 */
export function rolloutBucket(groupPrefix: string, stickinessValue: string): number {
  return (murmurhash3.x86.hash32(groupPrefix + stickinessValue, ROLLOUT_SEED) % 100) + 1;
}

/** 1..totalWeight: the point on the variants' cumulative weights that `<groupId>:<seed>` lands on. */
export function variantTarget(groupPrefix: string, seed: string, totalWeight: number): number {
  return (murmurhash3.x86.hash32(groupPrefix + seed, VARIANT_SEED) % totalWeight) + 1;
}

/** `<groupId>:`, computed once per compiled strategy or variant list rather than per evaluation. */
export function groupPrefix(groupId: string): string {
  return `${groupId}:`;
}

/** Source of randomness for "random" stickiness; injectable so tests can pin it. */
export type RandomSource = () => number;

// unleash-client's random stickiness values: FlexibleRolloutStrategy draws 1..10001, variants 0..100000.
export function randomRolloutStickiness(random: RandomSource): string {
  return `${Math.round(random() * 10_000) + 1}`;
}

export function randomVariantSeed(random: RandomSource): string {
  return String(Math.round(random() * 100_000));
}
