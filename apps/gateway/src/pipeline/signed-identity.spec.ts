import { verifyIdentity } from '@forecastin/lifecycle';
import type { JwtClaims } from '@forecastin/contracts';
import { IdentitySigner, signedIdentityFor } from './signed-identity';

const KEY = 'a-test-identity-signing-key-of-32+-bytes-é';

function claims(overrides: Partial<JwtClaims> = {}): JwtClaims {
  return {
    sub: 'user-1',
    workspace_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    roles: ['viewer', 'analyst'],
    jti: 'jti-1',
    exp: 4_000_000_000,
    iat: 1_700_000_000,
    iss: 'https://issuer.test/',
    aud: 'forecastin',
    ...overrides,
  };
}

describe('IdentitySigner', () => {
  afterEach(() => jest.useRealTimers());

  it.each([
    ['plain claims', claims(), 'req_abc-123'],
    ['quotes, backslashes and non-ASCII in sub', claims({ sub: 'a"b\\c\u00e9\u2028\ud83d\ude00' }), 'req_x'],
    ['one role', claims({ roles: ['admin'] }), 'req_y'],
  ])('produces exactly signedIdentityFor’s bytes (%s), which services verify', (_name, caller, requestId) => {
    jest.useFakeTimers({ now: 1_765_000_000_500 });
    const signer = new IdentitySigner(KEY);
    const fast = signer.sign(caller, requestId);
    expect(fast).toBe(signedIdentityFor(caller, requestId, KEY));
    // Second use of the same claims object (cached caller JSON), another request id.
    expect(signer.sign(caller, `${requestId}-2`)).toBe(signedIdentityFor(caller, `${requestId}-2`, KEY));
    const verified = verifyIdentity(fast, KEY, 1_765_000_000);
    expect(verified).toEqual({ ok: true, identity: { sub: caller.sub, workspace_id: caller.workspace_id, roles: caller.roles, request_id: requestId, exp: 1_765_000_060 } });
  });

  it('is refused with another key', () => {
    const token = new IdentitySigner(KEY).sign(claims(), 'req_1');
    expect(verifyIdentity(token, `${KEY}-other`)).toMatchObject({ ok: false });
  });
});
