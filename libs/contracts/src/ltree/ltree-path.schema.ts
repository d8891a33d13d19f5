import { z } from 'zod';
import { KEY_PATTERN, MAX_KEY_LENGTH, MAX_PATH_DEPTH, MAX_PATH_LENGTH } from './ltree.constants';

/**
 * A whole valid path in one test: paths are validated on every read and in every event (a projected
 * event's ancestors, an invalidation's affected paths), and splitting into labels allocated an array
 * per path. Only a path that fails it is split, to say which rule it breaks.
 */
const LABEL = `[a-z0-9_]{1,${MAX_KEY_LENGTH}}`;
const VALID_PATH = new RegExp(`^${LABEL}(?:\\.${LABEL}){0,${MAX_PATH_DEPTH - 1}}$`);

/** Dot-joined keys from the root (`world.asia.japan`), 1..MAX_PATH_DEPTH labels. */
export const ltreePathSchema = z
  .string()
  .min(1, { error: 'path must not be empty', abort: true })
  .max(MAX_PATH_LENGTH, { error: `path must be at most ${MAX_PATH_LENGTH} characters`, abort: true })
  .check((ctx) => {
    if (VALID_PATH.test(ctx.value)) return;
    const labels = ctx.value.split('.');
    if (labels.length > MAX_PATH_DEPTH) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `path must have at most ${MAX_PATH_DEPTH} labels` });
      return;
    }
    const bad = labels.findIndex((label) => !KEY_PATTERN.test(label));
    if (bad !== -1) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `label ${bad} of the path must be 1-63 characters of a-z, 0-9 and _`,
      });
    }
  });

export type LtreePath = z.infer<typeof ltreePathSchema>;

/** Number of labels in a valid path. */
export function pathDepth(path: LtreePath): number {
  return path.split('.').length;
}
