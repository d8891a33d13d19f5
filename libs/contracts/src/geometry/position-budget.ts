import { z } from 'zod';
import { MAX_GEOMETRY_POSITIONS } from './geometry-limits.constants';

// Counts positions (arrays at `depth`) without validating them, stopping once over the budget.
function countPositions(value: unknown, depth: number, budget: number): number {
  if (!Array.isArray(value)) return 0;
  if (depth === 0) return 1;
  let count = 0;
  for (const item of value) {
    count += countPositions(item, depth - 1, budget - count);
    if (count > budget) return count;
  }
  return count;
}

/**
 * Wraps a coordinates schema so that a geometry with more than MAX_GEOMETRY_POSITIONS positions is
 * rejected before its positions are validated (nested per-level caps alone would still allow ~10^9).
 * `depth` is how many array levels sit above a position (Point 0, LineString 1, Polygon 2, MultiPolygon 3).
 */
export function withPositionBudget<T extends z.ZodType>(schema: T, depth: number) {
  return z.preprocess((value, ctx) => {
    if (countPositions(value, depth, MAX_GEOMETRY_POSITIONS) > MAX_GEOMETRY_POSITIONS) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `a geometry must have at most ${MAX_GEOMETRY_POSITIONS} positions`,
      });
    }
    return value;
  }, schema);
}
