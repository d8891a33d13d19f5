import { decodeCursor, encodeCursor, ErrorCode, InvalidCursorError } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import type { z } from 'zod';

/** Decodes a signed cursor; a tampered or foreign one is 400 VALIDATION_ERROR at `cursor`. */
export function readCursor<T>(cursor: string | undefined, schema: z.ZodType<T>, key: string): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor, schema, key);
  } catch (error: unknown) {
    if (!(error instanceof InvalidCursorError)) throw error;
    throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', [{ field: error.field, message: error.message }]);
  }
}

/** One page from `limit + 1` fetched rows: the extra row only says whether there is more. */
export function toPage<R, T>(rows: readonly R[], limit: number, item: (row: R) => T, cursorOf: (last: R) => unknown, key: string) {
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(item),
    next_cursor: more && last !== undefined ? encodeCursor(cursorOf(last), key) : null,
    has_more: more,
  };
}
