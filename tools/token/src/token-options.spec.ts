import { parseTokenOptions, parseTtl } from './token-options';

const WS = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

describe('parseTokenOptions', () => {
  it('reads roles, workspace, sub and ttl with defaults for the last two', () => {
    expect(parseTokenOptions(['--roles', 'admin, analyst', '--workspace', WS])).toEqual({ roles: ['admin', 'analyst'], workspaceId: WS, sub: 'dev-user', ttlSeconds: 3600 });
    expect(parseTokenOptions(['--roles=viewer', `--workspace=${WS}`, '--sub', 'u-1', '--ttl', '30m'])).toMatchObject({ sub: 'u-1', ttlSeconds: 1800 });
  });

  it('refuses unknown roles, a non-uuid workspace, unknown flags', () => {
    expect(() => parseTokenOptions(['--roles', 'root', '--workspace', WS])).toThrow(/roles/);
    expect(() => parseTokenOptions(['--roles', 'viewer', '--workspace', 'acme'])).toThrow(/uuid/);
    expect(() => parseTokenOptions(['--roles', 'viewer'])).toThrow(/workspace/);
    expect(() => parseTokenOptions(['--workspace', WS, '--admin'])).toThrow(/admin/);
  });
});

describe('parseTtl', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['30m', 1800],
    ['1h', 3600],
    ['7d', 604_800],
  ])('%s → %d seconds', (value, seconds) => {
    expect(parseTtl(value)).toBe(seconds);
  });

  it.each(['0', '-5m', '1y', '31d', 'soon', ''])('refuses %p', (value) => {
    expect(() => parseTtl(value)).toThrow(/--ttl/);
  });
});
