import { MAX_KEY_LENGTH, MAX_PATH_DEPTH, MAX_PATH_LENGTH, ROLES, type Role } from '@forecastin/contracts';
import { mayCall } from './route-access';
import { RouteMatcher } from './route-matcher';
import { ROUTE_TABLE } from './route-table';

const matcher = new RouteMatcher(ROUTE_TABLE);

/** A concrete URL for a pattern: each `:param` replaced by a plausible value. */
const concrete = (pattern: string): string =>
  pattern.replace(/:path/g, 'world.europe.france').replace(/:key/g, 'new-checkout').replace(/:id/g, '0b7c6f0e-9d43-4a0c-8f55-5d2a0f9c1e11');

/**
 * The role rules of API.md written independently of the table: viewer reads (and evaluates
 * flags), analyst also writes entities, observations and scenarios, admin also manages flags
 * and revokes tokens.
 */
function expectedLowestRole(method: string, path: string): Role {
  if (method === 'GET' || path.startsWith('/ofrep/')) return 'viewer';
  if (path.startsWith('/api/v1/flags') || path.startsWith('/api/v1/admin/')) return 'admin';
  if (/^\/api\/v1\/(entities|scenarios|observations)/.test(path)) return 'analyst';
  throw new Error(`no API.md rule for ${method} ${path}`);
}

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

describe('route table', () => {
  it.each(ROUTE_TABLE.map((route) => [route.method, route.path] as const))('%s %s matches its own entry', (method, path) => {
    const match = matcher.match(method, concrete(path));
    expect(match?.route.method).toBe(method);
    expect(match?.route.path).toBe(path);
  });

  it('matches the deepest, longest ltree path a service accepts (32 labels of 63 characters)', () => {
    const deepest = Array.from({ length: MAX_PATH_DEPTH }, () => 'k'.repeat(MAX_KEY_LENGTH)).join('.');
    expect(deepest).toHaveLength(MAX_PATH_LENGTH);
    expect(matcher.match('GET', `/api/v1/hierarchy/nodes/${deepest}/children`)?.params).toEqual({ path: deepest });
  });

  describe('role matrix', () => {
    const cells = ROUTE_TABLE.flatMap((route) => ROLES.map((role) => [route.method, route.path, role] as const));
    it.each(cells)('%s %s as %s', (method, path, role) => {
      const match = matcher.match(method, concrete(path));
      if (!match) throw new Error('route did not match');
      expect(mayCall(match.route, [role])).toBe(RANK[role] >= RANK[expectedLowestRole(method, path)]);
    });

    it('any one sufficient role among several is enough', () => {
      const match = matcher.match('POST', '/api/v1/flags');
      if (!match) throw new Error('route did not match');
      expect(mayCall(match.route, ['viewer', 'admin'])).toBe(true);
      expect(mayCall(match.route, ['viewer', 'analyst'])).toBe(false);
    });
  });

  it('routes each API.md family to its service', () => {
    expect(matcher.match('GET', '/api/v1/entities?limit=5')?.route.target).toBe('entity');
    expect(matcher.match('GET', '/api/v1/hierarchy/nodes/world.europe/descendants?max_depth=2')?.route.target).toBe('hierarchy');
    expect(matcher.match('GET', '/api/v1/forecasts/world.europe?metric=gdp')?.route.target).toBe('scenario');
    expect(matcher.match('POST', '/api/v1/observations')?.route.target).toBe('scenario');
    expect(matcher.match('POST', '/api/v1/flags/kill')?.route).toMatchObject({ target: 'flag', role: 'admin' });
    expect(matcher.match('POST', '/ofrep/v1/evaluate/flags/dark-mode')?.route).toMatchObject({ target: 'flag', role: 'viewer' });
    expect(matcher.match('GET', '/api/v1/realtime')?.route).toMatchObject({ target: 'realtime', websocket: true });
  });

  it('captures path parameters', () => {
    expect(matcher.match('GET', '/api/v1/hierarchy/nodes/world.europe/children')?.params).toEqual({ path: 'world.europe' });
  });

  it('accepts HEAD wherever GET is allowed, and nothing else unlisted', () => {
    expect(matcher.match('HEAD', '/api/v1/entities/x')?.route.method).toBe('GET');
    expect(matcher.match('HEAD', '/api/v1/entities/x/move')).toBeUndefined();
  });

  it.each([
    ['GET', '/api/v1/unknown'],
    ['GET', '/api/v1/entities/'],
    ['GET', '/api/v1/entities/a/b'],
    ['PUT', '/api/v1/entities/x'],
    ['DELETE', '/api/v1/hierarchy/roots'],
    ['GET', '/api/v1/admin/token-revocations'],
    ['GET', '/API/V1/ENTITIES'],
    ['GET', '/api/v2/entities'],
    ['GET', '/health/ready'],
    ['GET', '/'],
    ['OPTIONS', '/api/v1/entities'],
  ])('denies by default: %s %s has no route', (method, url) => {
    expect(matcher.match(method, url)).toBeUndefined();
  });
});
