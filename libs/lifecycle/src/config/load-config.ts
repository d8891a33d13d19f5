import { z } from 'zod';
import { baseConfigShape, type BaseConfigShape } from './base-config';
import { secretMeta } from './secret';

export type BaseConfig = z.output<z.ZodObject<BaseConfigShape>>;
/** A service's configuration: the base variables plus its own (kept as an intersection so TS can see the base keys). */
export type ConfigOf<S extends z.ZodRawShape> = BaseConfig & z.output<z.ZodObject<S>>;

/** Thrown with every configuration problem at once, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against the base shape plus the service's own. Empty variables count
 * as unset (so `FOO=` falls back to the default), secret values never appear in messages, and
 * production refuses development defaults for secrets and a `*` CORS origin.
 */
export function loadConfig<S extends z.ZodRawShape>(
  serviceShape: S,
  env: Readonly<Record<string, string | undefined>>,
): ConfigOf<S> {
  const shape = { ...baseConfigShape, ...serviceShape } as BaseConfigShape & S;
  const input = Object.fromEntries(
    Object.keys(shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, shape, input)));
  }
  const config = parsed.data as unknown as ConfigOf<S>;
  const productionProblems = config.NODE_ENV === 'production' ? productionRules(shape, config) : [];
  if (productionProblems.length > 0) throw new ConfigError(productionProblems);
  return config;
}

function describeIssue(issue: z.core.$ZodIssue, shape: z.ZodRawShape, input: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? '(config)');
  const schema = shape[key];
  const isSecret = schema !== undefined && secretMeta(schema as z.ZodType) !== undefined;
  const value = input[key];
  const shown = value === undefined ? 'not set' : isSecret ? 'value hidden' : `got ${JSON.stringify(value)}`;
  return `${key}: ${issue.message} (${shown})`;
}

function productionRules(shape: z.ZodRawShape, config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const meta = secretMeta(schema as z.ZodType);
    if (meta?.devDefault !== undefined && config[key] === meta.devDefault) {
      problems.push(`${key}: the development default is not allowed in production; set a real secret`);
    }
  }
  const origins = config['CORS_ORIGINS'];
  if (Array.isArray(origins) && origins.includes('*')) {
    problems.push('CORS_ORIGINS: "*" is not allowed in production; list the allowed origins');
  }
  return problems;
}
