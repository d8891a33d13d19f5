import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { ErrorCode } from '../errors/error-code.constants';
import { MAX_CURSOR_LENGTH } from './pagination-query.schema';

export type InvalidCursorReason = 'malformed' | 'bad_signature' | 'invalid_payload';

/** A cursor the server did not issue (or issued for another shape). Answered as 400 VALIDATION_ERROR on `cursor`. */
export class InvalidCursorError extends Error {
  readonly code = ErrorCode.VALIDATION_ERROR;
  readonly field = 'cursor';

  constructor(readonly reason: InvalidCursorReason) {
    super(`invalid cursor (${reason.replace('_', ' ')})`);
    this.name = 'InvalidCursorError';
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function sign(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

function requireKey(key: string): void {
  // An empty key would make every signature forgeable; that is a configuration bug, not bad input.
  if (key.length === 0) throw new TypeError('cursor signing key must not be empty');
}

/** `base64url(JSON(payload)) + "." + base64url(HMAC-SHA256(key, first part))`. */
export function encodeCursor(payload: unknown, key: string): string {
  requireKey(key);
  const json = JSON.stringify(payload);
  if (json === undefined) throw new TypeError('cursor payload must be JSON-serialisable');
  const body = Buffer.from(json, 'utf8').toString('base64url');
  const cursor = `${body}.${sign(body, key)}`;
  if (cursor.length > MAX_CURSOR_LENGTH) throw new RangeError(`cursor longer than ${MAX_CURSOR_LENGTH} characters`);
  return cursor;
}

/** Verifies the signature (constant time), then parses the payload with `schema`. Throws InvalidCursorError. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, key: string): T {
  requireKey(key);
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError('malformed');
  const parts = cursor.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !BASE64URL.test(body) || !BASE64URL.test(signature)) {
    throw new InvalidCursorError('malformed');
  }
  // Compare the encoded text, not decoded bytes: base64url decoding ignores some trailing bits,
  // so two different strings could otherwise pass for the same signature.
  const expected = Buffer.from(sign(body, key), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidCursorError('bad_signature');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('malformed');
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidCursorError('invalid_payload');
  return parsed.data;
}
