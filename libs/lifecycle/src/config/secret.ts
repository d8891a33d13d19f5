import { z } from 'zod';

/** Metadata the config loader reads: values are masked in errors; production refuses the dev default. */
export interface SecretMeta {
  readonly secret: true;
  readonly devDefault?: string;
}

/**
 * A secret configuration value (a key, a password). Outside production it may fall back to a
 * development default so `npm start` works on a laptop; in production that default is refused.
 */
export function secret(options: { devDefault?: string; minLength?: number } = {}) {
  const base = z.string().min(options.minLength ?? 1, `must be at least ${options.minLength ?? 1} characters`);
  const meta: SecretMeta = { secret: true, devDefault: options.devDefault };
  return (options.devDefault === undefined ? base : base.default(options.devDefault)).meta({ ...meta });
}

export function secretMeta(schema: z.ZodType): SecretMeta | undefined {
  const meta = schema.meta();
  return meta && meta['secret'] === true ? (meta as unknown as SecretMeta) : undefined;
}
