import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevKeys } from './dev-keys';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, devGatewayTrustEnv, devKeysDir } from './dev-trust';

describe('dev keys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'dev-keys-')), 'keys');
  });
  afterEach(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('creates the key pair once, private half unreadable to others, and points the gateway at the public half', async () => {
    ensureDevKeys(dir);
    const env = devGatewayTrustEnv(dir);
    expect(env).toEqual({ JWT_PUBLIC_KEY_FILES: path.join(dir, 'forecastin-dev.pem'), JWT_ISSUER: DEV_JWT_ISSUER, JWT_AUDIENCE: DEV_JWT_AUDIENCE });
    const publicPem = await readFile(env.JWT_PUBLIC_KEY_FILES, 'utf8');
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await stat(path.join(dir, 'forecastin-dev.private.pem'))).mode & 0o077).toBe(0);
    ensureDevKeys(dir);
    expect(await readFile(env.JWT_PUBLIC_KEY_FILES, 'utf8')).toBe(publicPem);
  });

  it('lives in .stack/dev-keys under the repo root unless FORECASTIN_DEV_KEYS_DIR says otherwise', () => {
    expect(devKeysDir('/repo', {})).toBe(path.join('/repo', '.stack', 'dev-keys'));
    expect(devKeysDir('/repo', { FORECASTIN_DEV_KEYS_DIR: dir })).toBe(dir);
  });
});
