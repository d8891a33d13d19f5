import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Request ids end up in logs, headers and error bodies: only a short, inert charset is trusted from callers. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdSchema = z
  .string()
  .regex(REQUEST_ID_PATTERN, { error: 'request id must be 1-128 characters of A-Z, a-z, 0-9, ".", "_", ":", "-"' });

export type RequestId = z.infer<typeof requestIdSchema>;

/** A fresh server-side id: `req_` + 32 hex characters (122 random bits). */
export function generateRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/**
 * The id to use for a request: the caller's `X-Request-ID` when it is acceptable, a generated one otherwise.
 * Takes `unknown` because header values arrive as string, string[] or undefined.
 */
export function resolveRequestId(headerValue: unknown): string {
  return typeof headerValue === 'string' && REQUEST_ID_PATTERN.test(headerValue) ? headerValue : generateRequestId();
}
