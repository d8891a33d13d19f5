import fc from 'fast-check';
import { generateRequestId, requestIdSchema, resolveRequestId } from './request-id.schema';

describe('request ids', () => {
  it('accepts 1..128 characters of [A-Za-z0-9._:-]', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), (id) => requestIdSchema.safeParse(id).success));
  });

  it.each(['', 'a'.repeat(129), 'has space', 'new\nline', 'semi;colon', 'quote"', 'ünïcode', '<script>'])(
    'rejects %j',
    (id) => {
      expect(requestIdSchema.safeParse(id).success).toBe(false);
    },
  );

  it('generates unique ids that the schema accepts', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateRequestId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^req_[0-9a-f]{32}$/);
      expect(requestIdSchema.safeParse(id).success).toBe(true);
    }
  });

  it('keeps an acceptable caller id and replaces anything else', () => {
    expect(resolveRequestId('abc-123')).toBe('abc-123');
    expect(resolveRequestId('bad id')).toMatch(/^req_/);
    expect(resolveRequestId(['abc', 'def'])).toMatch(/^req_/);
    expect(resolveRequestId(undefined)).toMatch(/^req_/);
  });
});
