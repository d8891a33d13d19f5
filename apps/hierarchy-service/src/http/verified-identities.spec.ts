import { randomUUID } from 'node:crypto';
import { signIdentity } from '@forecastin/lifecycle';
import { VerifiedIdentities } from './verified-identities';

const KEY = 'a-signing-key-of-at-least-thirty-two-characters';
const identity = (exp: number) => ({ sub: 'user-1', workspace_id: randomUUID(), roles: ['viewer' as const], request_id: 'req_1', exp });

describe('VerifiedIdentities', () => {
  it('remembers a verified token but refuses it once expired, as verifyIdentity would', () => {
    const identities = new VerifiedIdentities(KEY);
    const token = signIdentity(identity(1000), KEY);
    expect(identities.identityOf(token, 999)?.sub).toBe('user-1');
    expect(identities.identityOf(token, 999.5)?.sub).toBe('user-1');
    expect(identities.identityOf(token, 1000)).toBeUndefined();
  });

  it('never takes a forged token for a remembered one', () => {
    const identities = new VerifiedIdentities(KEY);
    const genuine = signIdentity(identity(2000), KEY);
    expect(identities.identityOf(genuine, 1000)).toBeDefined();
    const [payload] = genuine.split('.');
    expect(identities.identityOf(`${payload}.${'A'.repeat(43)}`, 1000)).toBeUndefined();
    expect(identities.identityOf(signIdentity(identity(2000), 'another-key-of-at-least-thirty-two-chars'), 1000)).toBeUndefined();
    expect(identities.identityOf(undefined, 1000)).toBeUndefined();
  });
});
