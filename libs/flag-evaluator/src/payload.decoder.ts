import type { JsonValue, VariantPayload } from './flag-evaluation.types';

export type DecodedPayload = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false };

function deepFreeze(value: JsonValue): JsonValue {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child as JsonValue);
    Object.freeze(value);
  }
  return value;
}

/**
 * A variant payload as the value an OpenFeature caller gets: `number` → a number, `json` → the
 * parsed JSON (frozen: every evaluation hands out the same object), anything else → its text.
 * Decoded once when the flag is compiled. Flag-service refuses bad payloads on write; one that
 * still fails to decode (an older row, a foreign snapshot) makes evaluations that pick it ERROR.
 */
export function decodePayload(payload: VariantPayload): DecodedPayload {
  if (payload.type === 'number') {
    const number = Number(payload.value);
    return payload.value.trim() !== '' && Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
  }
  if (payload.type === 'json') {
    try {
      return { ok: true, value: deepFreeze(JSON.parse(payload.value) as JsonValue) };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, value: payload.value };
}
