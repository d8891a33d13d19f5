import { z } from 'zod';
import { jsonStorageProblem, storableTextSchema } from '../text/storable-text';

/** Entity types share the ltree key charset: each one names a map layer `entities.<entity_type>`. */
export const entityTypeSchema = z.string().regex(/^[a-z0-9_]{1,63}$/, { error: 'entity_type must be 1-63 characters of a-z, 0-9 and _' });

/** `metadata` is stored as JSON; the 64 KiB cap is on its serialized size (API.md "Entities"). */
export const MAX_ENTITY_METADATA_BYTES = 65_536;
/**
 * Levels of objects/arrays in `metadata` (the object itself is 1). API.md is silent; the bound keeps
 * serializing, merging (merge patch) and jsonb parsing far from any stack limit.
 */
export const MAX_ENTITY_METADATA_DEPTH = 32;

export const entityMetadataSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, context) => {
    // Shape first: JSON.stringify of an unbounded depth overflows the stack.
    const problem = jsonStorageProblem(value, MAX_ENTITY_METADATA_DEPTH);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `metadata ${problem}` });
    else if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_ENTITY_METADATA_BYTES) {
      context.addIssue({ code: 'custom', message: `metadata must be at most ${MAX_ENTITY_METADATA_BYTES} bytes of JSON` });
    }
  });

export const confidenceScoreSchema = z.number().min(0).max(1);

export const entityNameSchema = storableTextSchema.trim().min(1).max(256);
export const entityDescriptionSchema = storableTextSchema.max(4096);

export type EntityType = z.infer<typeof entityTypeSchema>;
