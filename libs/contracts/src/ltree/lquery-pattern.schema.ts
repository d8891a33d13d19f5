import { z } from 'zod';
import { MAX_PATH_DEPTH } from './ltree.constants';

export const MAX_LQUERY_LENGTH = 1024;
export const MAX_LQUERY_ITEMS = 64;
export const MAX_LQUERY_ALTERNATIVES = 16;

// `*`, `*{n}`, `*{n,}`, `*{,m}`, `*{n,m}`; bounds are checked separately so the message can say why.
const STAR_ITEM = /^\*(?:\{(\d{1,3})?(,)?(\d{1,3})?\})?$/;
// A label with optional, distinct modifiers: `@` case-insensitive, `*` prefix, `%` word match.
const LABEL_VARIANT = /^[a-z0-9_]{1,63}([@*%]{0,3})$/;

function starItemProblem(item: string): string | undefined {
  const match = STAR_ITEM.exec(item);
  if (!match) return undefined;
  const [, low, comma, high] = match;
  if (item === '*') return '';
  if (low === undefined && high === undefined) return 'needs a bound inside {}';
  if (comma === undefined && high !== undefined) return 'has a malformed quantifier';
  const lowValue = low === undefined ? 0 : Number(low);
  const highValue = high === undefined ? MAX_PATH_DEPTH : Number(high);
  if (lowValue > MAX_PATH_DEPTH || highValue > MAX_PATH_DEPTH) return `has a quantifier above ${MAX_PATH_DEPTH}`;
  if (lowValue > highValue) return 'has a quantifier whose lower bound exceeds its upper bound';
  return '';
}

function labelItemProblem(item: string): string {
  const alternatives = (item.startsWith('!') ? item.slice(1) : item).split('|');
  if (alternatives.length > MAX_LQUERY_ALTERNATIVES) return `has more than ${MAX_LQUERY_ALTERNATIVES} alternatives`;
  for (const alternative of alternatives) {
    const match = LABEL_VARIANT.exec(alternative);
    if (!match) return 'must be *, *{n,m}, or labels of a-z, 0-9, _ joined by | (optionally prefixed by !, each optionally followed by @, * or %)';
    const modifiers = match[1] ?? '';
    if (new Set(modifiers).size !== modifiers.length) return 'repeats a label modifier';
  }
  return '';
}

/**
 * A safe subset of PostgreSQL lquery. Anything outside it (quotes, `;`, spaces, parentheses, `{}`
 * on labels, unbounded length) is rejected here, so an accepted pattern bound as a parameter and
 * cast to `lquery` can never raise a database syntax error.
 */
export const lqueryPatternSchema = z
  .string()
  .min(1, { error: 'lquery must not be empty', abort: true })
  .max(MAX_LQUERY_LENGTH, { error: `lquery must be at most ${MAX_LQUERY_LENGTH} characters`, abort: true })
  .check((ctx) => {
    const items = ctx.value.split('.');
    if (items.length > MAX_LQUERY_ITEMS) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `lquery must have at most ${MAX_LQUERY_ITEMS} levels` });
      return;
    }
    for (const [index, item] of items.entries()) {
      const problem = starItemProblem(item) ?? labelItemProblem(item);
      if (problem !== '') {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `lquery level ${index} ${problem}` });
        return;
      }
    }
  });

export type LqueryPattern = z.infer<typeof lqueryPatternSchema>;
