import { z } from 'zod';

/** A service's lifecycle, as reported by /health/ready (ARCHITECTURE.md "One lifecycle"). */
export const LIFECYCLE_STATES = ['starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export const lifecycleStateSchema = z.enum(LIFECYCLE_STATES);
export type LifecycleState = z.infer<typeof lifecycleStateSchema>;
