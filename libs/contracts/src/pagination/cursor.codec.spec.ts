import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import { decodeCursor, encodeCursor, InvalidCursorError, type InvalidCursorReason } from './cursor.codec';

const KEY = 'test-cursor-key-0123456789abcdef';
const afterSchema = z.object({ after: z.string(), id: z.uuid() });
const anyJson = z.json();

function reasonOf(run: () => unknown): InvalidCursorReason | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidCursorError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('cursor codec', () => {
  it('round-trips any JSON payload and produces URL-safe text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (payload) => {
        const cursor = encodeCursor(payload, KEY);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
        // JSON itself turns -0 into 0: that is the round trip a cursor promises. z.unknown() rather than
        // z.json(), which (rightly) drops a `__proto__` key fast-check likes to generate.
        expect(decodeCursor(cursor, z.unknown(), KEY)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes a typed payload through its schema', () => {
    const payload = { after: 'world.asia', id: '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f' };
    expect(decodeCursor(encodeCursor(payload, KEY), afterSchema, KEY)).toEqual(payload);
  });

  it('rejects any single-character change to a cursor', () => {
    const cursor = encodeCursor({ after: 'world.asia', id: '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f' }, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(cursor.length - 1), fc.constantFrom(...alphabet), (index, char) => {
        fc.pre(cursor[index] !== char);
        const tampered = cursor.slice(0, index) + char + cursor.slice(index + 1);
        expect(reasonOf(() => decodeCursor(tampered, afterSchema, KEY))).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('names why a cursor is refused', () => {
    const cursor = encodeCursor({ after: 'x', id: '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f' }, KEY);
    expect(reasonOf(() => decodeCursor(cursor, afterSchema, 'another-key'))).toBe('bad_signature');
    expect(reasonOf(() => decodeCursor('garbage', afterSchema, KEY))).toBe('malformed');
    expect(reasonOf(() => decodeCursor('a.b.c', afterSchema, KEY))).toBe('malformed');
    expect(reasonOf(() => decodeCursor(`${'A'.repeat(3000)}.x`, afterSchema, KEY))).toBe('malformed');
    expect(reasonOf(() => decodeCursor('"; drop table x.sig', afterSchema, KEY))).toBe('malformed');
    // Correctly signed, but for another shape (e.g. a cursor of a different endpoint).
    expect(reasonOf(() => decodeCursor(encodeCursor({ offset: 5 }, KEY), afterSchema, KEY))).toBe('invalid_payload');
    // Correctly signed text that is not JSON.
    const body = Buffer.from('not json').toString('base64url');
    const signature = createHmac('sha256', KEY).update(body).digest('base64url');
    expect(reasonOf(() => decodeCursor(`${body}.${signature}`, anyJson, KEY))).toBe('malformed');
  });

  it('carries the HTTP mapping for filters', () => {
    const error = new InvalidCursorError('bad_signature');
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'cursor', name: 'InvalidCursorError' });
    expect(error.message).toBe('invalid cursor (bad signature)');
  });

  it('refuses an empty key and payloads JSON cannot carry', () => {
    expect(() => encodeCursor({ a: 1 }, '')).toThrow(TypeError);
    expect(() => decodeCursor('a.b', anyJson, '')).toThrow(TypeError);
    expect(() => encodeCursor(undefined, KEY)).toThrow(TypeError);
  });
});
