import { errorEnvelopeSchema, MAX_ERROR_DETAILS } from './error-envelope.schema';

const envelope = {
  error: {
    code: 'VALIDATION_ERROR',
    message: 'Invalid input',
    details: [{ field: 'location.coordinates', message: 'ring 0 is not closed' }],
    request_id: 'req_abc',
  },
};

describe('errorEnvelopeSchema', () => {
  it('accepts the API.md example and round-trips it through JSON', () => {
    const parsed = errorEnvelopeSchema.parse(JSON.parse(JSON.stringify(envelope)));
    expect(parsed).toEqual(envelope);
  });

  it('accepts an internal error carrying an error id and no details', () => {
    const internal = { error: { code: 'INTERNAL_ERROR', message: 'Internal error', request_id: 'r1', error_id: 'err_1' } };
    expect(errorEnvelopeSchema.parse(internal)).toEqual(internal);
  });

  it('rejects unknown codes, a missing request id, and too many details', () => {
    expect(errorEnvelopeSchema.safeParse({ error: { ...envelope.error, code: 'TEAPOT' } }).success).toBe(false);
    const { request_id: _dropped, ...withoutRequestId } = envelope.error;
    expect(errorEnvelopeSchema.safeParse({ error: withoutRequestId }).success).toBe(false);
    const details = Array.from({ length: MAX_ERROR_DETAILS + 1 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    expect(errorEnvelopeSchema.safeParse({ error: { ...envelope.error, details } }).success).toBe(false);
  });
});
