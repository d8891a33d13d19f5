import { z } from 'zod';
import { decodeCursor, encodeCursor, ErrorCode, InvalidCursorError, ltreeKeySchema, ltreePathSchema } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';

/** Children pages continue after a key, descendant pages after a path; the kind is in the cursor so one cannot pass for the other. */
const childrenCursorSchema = z.object({ c: ltreeKeySchema });
const descendantsCursorSchema = z.object({ d: ltreePathSchema });

export class PageCursors {
  constructor(private readonly key: string) {}

  childrenAfter(lastKey: string): string {
    return encodeCursor({ c: lastKey }, this.key);
  }

  descendantsAfter(lastPath: string): string {
    return encodeCursor({ d: lastPath }, this.key);
  }

  /** The key to continue after, or undefined for the first page. A cursor we did not issue → 400. */
  childrenKey(cursor: string | undefined): string | undefined {
    return cursor === undefined ? undefined : decode(cursor, childrenCursorSchema, this.key).c;
  }

  descendantsPath(cursor: string | undefined): string | undefined {
    return cursor === undefined ? undefined : decode(cursor, descendantsCursorSchema, this.key).d;
  }
}

function decode<T>(cursor: string, schema: z.ZodType<T>, key: string): T {
  try {
    return decodeCursor(cursor, schema, key);
  } catch (error: unknown) {
    if (error instanceof InvalidCursorError) throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', [{ field: 'cursor', message: error.message }]);
    throw error;
  }
}
