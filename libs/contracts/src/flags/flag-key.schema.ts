import { z } from 'zod';

/** A feature flag's key: case-sensitive (API.md "Feature flags"). */
export const FLAG_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const flagKeySchema = z.string().regex(FLAG_KEY_PATTERN, {
  error: 'flag key must start with a letter or digit and have at most 128 characters of A-Z, a-z, 0-9, ".", "_", ":", "-"',
});

export type FlagKey = z.infer<typeof flagKeySchema>;
