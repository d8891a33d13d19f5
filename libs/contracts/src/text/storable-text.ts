import { z } from 'zod';

/**
 * Text Postgres can store. A NUL character is refused by `text` and `jsonb` ("unsupported Unicode
 * escape sequence" / invalid byte), and an unpaired UTF-16 surrogate is refused by `jsonb` (as a
 * `\ud800` escape) or silently turned into U+FFFD by the UTF-8 encoder. Schemas check it so such
 * input is a 400 at its field instead of a database error (500).
 */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

/** Free text stored in a Postgres `text` column or inside jsonb. */
export const storableTextSchema = z.string().refine(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE });

/**
 * The first reason a parsed JSON value cannot be stored as jsonb within `maxDepth` levels of
 * objects/arrays (the value itself is level 1), or undefined. Walks with an explicit stack so an
 * adversarially deep value cannot overflow the call stack (JSON.parse accepts depths that
 * JSON.stringify and recursive walkers do not survive).
 */
export function jsonStorageProblem(value: unknown, maxDepth: number): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const current = item.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return `strings ${UNSTORABLE_TEXT_MESSAGE}`;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (item.depth > maxDepth) return `must be nested at most ${maxDepth} levels deep`;
    if (!Array.isArray(current) && !Object.keys(current).every(isStorableText)) return `keys ${UNSTORABLE_TEXT_MESSAGE}`;
    for (const child of Object.values(current)) pending.push({ value: child, depth: item.depth + 1 });
  }
  return undefined;
}
