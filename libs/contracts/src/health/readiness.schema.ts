import { z } from 'zod';
import { lifecycleStateSchema } from './lifecycle-state.schema';

export const breakerStateSchema = z.enum(['closed', 'open', 'half_open']);
export type BreakerState = z.infer<typeof breakerStateSchema>;

export const dependencyHealthSchema = z.object({
  status: z.enum(['up', 'down']),
  latency_ms: z.number().nonnegative().optional(),
  error: z.string().max(1024).optional(),
  /** When the dependency entered its current status. */
  since: z.iso.datetime().optional(),
  /** For upstreams behind a circuit breaker (the gateway's view of each service). */
  breaker: breakerStateSchema.optional(),
});

/** Body of /health/ready (200 when ready, 503 otherwise); the gateway reports its upstreams as dependencies. */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  state: lifecycleStateSchema,
  service: z.string().min(1).max(128),
  checked_at: z.iso.datetime(),
  dependencies: z.record(z.string().min(1).max(128), dependencyHealthSchema),
});

export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
