import { zodIssuesToDetails, type ErrorDetail } from '@forecastin/contracts';
import type { z } from 'zod';

export type ParsedMessage<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly details: ErrorDetail[] };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a message body as UTF-8 JSON and validates it, without throwing: a broken producer is
 * data to report, never a crash of the consumer.
 */
export function parseMessage<T>(data: Uint8Array, schema: z.ZodType<T>): ParsedMessage<T> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (error: unknown) {
    const reason = `body is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, reason, details: [] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details = zodIssuesToDetails(parsed.error);
  const reason = `body does not match its schema: ${details.map((d) => `${d.field || '(root)'}: ${d.message}`).join('; ')}`;
  return { ok: false, reason, details };
}
