import { randomUUID } from 'node:crypto';
import { consistencyTokenFor, consistencyTokenSchema } from './consistency-token';

describe('consistency token', () => {
  it('round-trips an event id', () => {
    const eventId = randomUUID();
    expect(consistencyTokenSchema.parse(consistencyTokenFor(eventId))).toBe(eventId);
  });

  it.each(['', 'ct1_', 'ct1_not-a-uuid', randomUUID(), `ct2_${randomUUID()}`, `ct1_${randomUUID()}x`, "ct1_'; drop table x; --"])(
    'refuses %j',
    (token) => {
      expect(consistencyTokenSchema.safeParse(token).success).toBe(false);
    },
  );

  it('refuses to mint a token from something that is not an event id', () => {
    expect(() => consistencyTokenFor('x')).toThrow(TypeError);
  });
});
