import { z } from 'zod';

/** Plain decimal digits: what a client means by a number in a query string. */
const DECIMAL_INTEGER = /^\d{1,15}$/;

/**
 * An integer query parameter (`?limit=50`) within [min, max]. `z.coerce.number()` alone goes
 * through `Number()`, which also reads `0x10`, `1e2`, ` 5 ` and `''` (as 0) — forms no client means
 * as a page size, so those are refused at the field instead of quietly changing the query.
 * Built as preprocess + coerce so the OpenAPI document still shows an integer with its bounds.
 */
export function queryIntegerSchema(name: string, min: number, max: number) {
  const bounds = `${name} must be an integer within [${min}, ${max}]`;
  return z.preprocess(
    (value) => (typeof value === 'string' && !DECIMAL_INTEGER.test(value) ? Number.NaN : value),
    z.coerce.number({ error: bounds }).int({ error: bounds }).min(min, { error: bounds }).max(max, { error: bounds }),
  );
}
