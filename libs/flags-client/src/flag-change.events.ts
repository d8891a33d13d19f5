import { featureFlagDeletedEventSchema, featureFlagUpdateEventSchema } from '@forecastin/contracts';
import { z } from 'zod';

/** What arrives on `evt.global.flag.*`: a flag was created/changed or deleted, with the revision after it. */
export const flagChangeEventSchema = z.discriminatedUnion('type', [featureFlagUpdateEventSchema, featureFlagDeletedEventSchema]);

export type FlagChangeEvent = z.infer<typeof flagChangeEventSchema>;
