import { z } from 'zod';

/** Entity types share the ltree key charset: each one names a map layer `entities.<entity_type>`. */
export const entityTypeSchema = z.string().regex(/^[a-z0-9_]{1,63}$/, { error: 'entity_type must be 1-63 characters of a-z, 0-9 and _' });

/** `metadata` is stored as JSON; the 64 KiB cap is on its serialized size (API.md "Entities"). */
export const MAX_ENTITY_METADATA_BYTES = 65_536;

export const entityMetadataSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= MAX_ENTITY_METADATA_BYTES, {
    error: `metadata must be at most ${MAX_ENTITY_METADATA_BYTES} bytes of JSON`,
  });

export const confidenceScoreSchema = z.number().min(0).max(1);

export const entityNameSchema = z.string().trim().min(1).max(256);
export const entityDescriptionSchema = z.string().max(4096);

export type EntityType = z.infer<typeof entityTypeSchema>;
