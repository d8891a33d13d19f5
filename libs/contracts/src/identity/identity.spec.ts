import fc from 'fast-check';
import { forwardedIdentitySchema } from './forwarded-identity.schema';
import { jwtClaimsSchema } from './jwt-claims.schema';
import { hasRole, ROLE_RANK, ROLES, roleSchema, type Role } from './role.schema';

const WS = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const claims = { sub: 'user-1', workspace_id: WS, roles: ['analyst'], exp: 2_000_000_000, iat: 1_900_000_000, iss: 'https://idp', aud: 'forecastin', jti: 'j1' };

describe('roles', () => {
  it('orders viewer < analyst < admin', () => {
    expect(ROLE_RANK.viewer).toBeLessThan(ROLE_RANK.analyst);
    expect(ROLE_RANK.analyst).toBeLessThan(ROLE_RANK.admin);
    expect(hasRole(['admin'], 'viewer')).toBe(true);
    expect(hasRole(['analyst'], 'analyst')).toBe(true);
    expect(hasRole(['viewer'], 'analyst')).toBe(false);
    expect(hasRole([], 'viewer')).toBe(false);
    expect(roleSchema.safeParse('root').success).toBe(false);
  });

  it('grants exactly when the highest role ranks at least the required one', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.constantFrom(...ROLES), (roles: Role[], required) => {
        const highest = Math.max(0, ...roles.map((role) => ROLE_RANK[role]));
        expect(hasRole(roles, required)).toBe(highest >= ROLE_RANK[required]);
      }),
    );
  });
});

describe('jwtClaimsSchema', () => {
  it('accepts API.md claims, aud as a string or a list, nbf optional', () => {
    expect(jwtClaimsSchema.parse(claims)).toEqual(claims);
    expect(jwtClaimsSchema.parse({ ...claims, aud: ['a', 'b'], nbf: 1_900_000_000 }).aud).toEqual(['a', 'b']);
  });

  it.each([
    ['roles', { roles: [] }],
    ['roles', { roles: ['superuser'] }],
    ['workspace_id', { workspace_id: 'acme' }],
    ['exp', { exp: 1.5 }],
    ['aud', { aud: [] }],
    ['jti', { jti: '' }],
  ])('rejects a bad %s', (field, patch) => {
    const result = jwtClaimsSchema.safeParse({ ...claims, ...patch });
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it('requires every API.md claim', () => {
    for (const field of ['sub', 'workspace_id', 'roles', 'exp', 'iat', 'iss', 'aud', 'jti']) {
      const partial: Record<string, unknown> = { ...claims };
      delete partial[field];
      expect(jwtClaimsSchema.safeParse(partial).error?.issues[0]?.path).toEqual([field]);
    }
  });
});

describe('forwardedIdentitySchema', () => {
  const identity = { sub: 'user-1', workspace_id: WS, roles: ['viewer', 'admin'], request_id: 'req_1', exp: 2_000_000_000 };

  it('accepts what the gateway signs and round-trips it', () => {
    expect(forwardedIdentitySchema.parse(JSON.parse(JSON.stringify(identity)))).toEqual(identity);
  });

  it('rejects a bad request id or empty roles', () => {
    expect(forwardedIdentitySchema.safeParse({ ...identity, request_id: 'a b' }).error?.issues[0]?.path).toEqual(['request_id']);
    expect(forwardedIdentitySchema.safeParse({ ...identity, roles: [] }).error?.issues[0]?.path).toEqual(['roles']);
  });
});
