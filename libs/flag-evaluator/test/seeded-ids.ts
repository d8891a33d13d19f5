// Reproducible "random" ids for distribution tests: mulberry32, a tiny seeded PRNG.
export function seededIds(count: number, seed: number, prefix = 'user'): string[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Array.from({ length: count }, () => `${prefix}-${Math.floor(next() * 2 ** 52).toString(36)}`);
}
