import { z } from 'zod';
import { ERROR_CODES } from './error-code.constants';

/** Upper bound on details in one envelope: a 10,000-point batch must not produce a 10,000-entry body. */
export const MAX_ERROR_DETAILS = 100;

export const errorDetailSchema = z.object({
  /** Dot-joined path of the offending input, e.g. `location.coordinates` or `items.3.points.0.t`; '' for the whole input. */
  field: z.string().max(512),
  message: z.string().min(1).max(1024),
});

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().min(1).max(1024),
    details: z.array(errorDetailSchema).max(MAX_ERROR_DETAILS).optional(),
    request_id: z.string().min(1).max(128),
    /** Only on INTERNAL_ERROR: the id under which the failure is logged. */
    error_id: z.string().min(1).max(128).optional(),
  }),
});

export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
