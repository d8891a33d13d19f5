import { z } from 'zod';
import { KEY_PATTERN, MAX_PATH_DEPTH, MAX_PATH_LENGTH } from './ltree.constants';

/** Dot-joined keys from the root (`world.asia.japan`), 1..MAX_PATH_DEPTH labels. */
export const ltreePathSchema = z
  .string()
  .min(1, { error: 'path must not be empty', abort: true })
  .max(MAX_PATH_LENGTH, { error: `path must be at most ${MAX_PATH_LENGTH} characters`, abort: true })
  .check((ctx) => {
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
