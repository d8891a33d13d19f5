import { z } from 'zod';

/** Postgres settings every service with a database spreads into its config shape. */
export const postgresConfigShape = {
  /** postgres:// URL of the service's database; credentials included, so treat it as a secret. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://postgres@127.0.0.1:5432/forecastin'),
  /** Upper bound on pooled connections per process; size it against max_connections / replicas. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Server-side statement_timeout, so a runaway query cannot hold a connection forever. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Bound on opening one connection (TCP + startup), so an unreachable server fails fast. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
};

export type PostgresConfig = z.infer<z.ZodObject<typeof postgresConfigShape>>;
