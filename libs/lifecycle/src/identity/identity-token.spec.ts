import { randomUUID } from 'node:crypto';
import { signIdentity, verifyIdentity } from './identity-token';

const key = 'a-test-identity-key-that-is-long-enough';
const now = 1_800_000_000;
const identity = { sub: 'user-1', workspace_id: randomUUID(), roles: ['analyst' as const], request_id: 'req_1', exp: now + 60 };

describe('forwarded identity', () => {
  it('verifies what it signed', () => {
    const result = verifyIdentity(signIdentity(identity, key), key, now);
    expect(result).toEqual({ ok: true, identity });
  });

  it.each([
    ['missing', undefined, 'missing identity'],
    ['garbage', 'not-a-token', 'malformed identity'],
    ['two dots', 'a.b.c', 'malformed identity'],
  ])('rejects a %s token', (_label, token, reason) => {
    expect(verifyIdentity(token, key, now)).toEqual({ ok: false, reason });
  });

  it('rejects a tampered payload', () => {
    const [, signature] = signIdentity(identity, key).split('.');
    const forged = Buffer.from(JSON.stringify({ ...identity, roles: ['admin'] })).toString('base64url');
    expect(verifyIdentity(`${forged}.${signature}`, key, now)).toEqual({ ok: false, reason: 'bad identity signature' });
  });

  it('rejects a token signed with another key', () => {
    expect(verifyIdentity(signIdentity(identity, 'another-key-of-sufficient-length!!'), key, now).ok).toBe(false);
  });

  it('rejects an expired identity', () => {
    expect(verifyIdentity(signIdentity(identity, key), key, now + 61)).toEqual({ ok: false, reason: 'expired identity' });
  });

  it('rejects a well-signed payload that breaks the schema', () => {
    const token = signIdentity({ ...identity, workspace_id: 'not-a-uuid' }, key);
    expect(verifyIdentity(token, key, now)).toEqual({ ok: false, reason: 'malformed identity' });
  });
});
