import type { z } from 'zod';
import { MAX_ERROR_DETAILS, type ErrorDetail } from './error-envelope.schema';

function pathSegment(segment: PropertyKey): string {
  return typeof segment === 'symbol' ? (segment.description ?? '') : String(segment);
}

/**
 * Turns zod issues into envelope details with dot-joined paths (`items.3.points.0.t`).
 * `prefix` names where the input came from (e.g. `location` when validating a nested value on its own).
 * Identical details are merged and the list is capped at MAX_ERROR_DETAILS.
 */
export function zodIssuesToDetails(error: z.ZodError, prefix?: string): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const issue of error.issues) {
    const segments = issue.path.map(pathSegment);
    const field = (prefix ? [prefix, ...segments] : segments).join('.');
    const key = `${field}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ field, message: issue.message });
    if (details.length === MAX_ERROR_DETAILS) break;
  }
  return details;
}
