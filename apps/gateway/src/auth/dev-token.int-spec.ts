import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { authConfigShape } from './auth-config';
import { JwtAuthenticator } from './jwt-authenticator';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../../..');
const WS = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** `npm run token` as a developer runs it (through tsx), with its keys in a temporary directory. */
async function tokenCommand(dir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'tools/token/mint-token.ts'), ...args], {
    cwd: root,
    env: { ...process.env, FORECASTIN_DEV_KEYS_DIR: dir },
  });
  return stdout.trim();
}

describe('dev tokens (tools/token) against the gateway authenticator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gw-dev-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('mints a token that a gateway configured with the printed trust env accepts', async () => {
    const token = await tokenCommand(dir, ['--roles', 'admin,viewer', '--workspace', WS, '--sub', 'dev-42', '--ttl', '10m']);
    const trustEnv = Object.fromEntries(
      (await tokenCommand(dir, ['--trust-env'])).split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(Object.keys(trustEnv).sort()).toEqual(['JWT_AUDIENCE', 'JWT_ISSUER', 'JWT_PUBLIC_KEY_FILES']);
    expect((await stat(path.join(dir, 'forecastin-dev.private.pem'))).mode & 0o077).toBe(0);

    const authenticator = await JwtAuthenticator.fromConfig({ ...z.object(authConfigShape).parse(trustEnv), NODE_ENV: 'development' });
    const result = await authenticator.authenticate(`Bearer ${token}`);
    expect(result).toMatchObject({ ok: true, claims: { sub: 'dev-42', workspace_id: WS, roles: ['admin', 'viewer'] } });
    if (result.ok) expect(result.claims.exp - result.claims.iat).toBe(600);
  }, 30_000);

  it('keeps using the same key once created', async () => {
    const again = await tokenCommand(dir, ['--roles', 'viewer', '--workspace', WS]);
    const authenticator = await JwtAuthenticator.fromConfig({
      ...z.object(authConfigShape).parse({ JWT_PUBLIC_KEY_FILES: path.join(dir, 'forecastin-dev.pem'), JWT_ISSUER: 'https://dev.forecastin.local/', JWT_AUDIENCE: 'forecastin-api' }),
      NODE_ENV: 'development',
    });
    expect(await authenticator.authenticate(`Bearer ${again}`)).toMatchObject({ ok: true });
  }, 30_000);
});
