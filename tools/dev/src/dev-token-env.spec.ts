import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devTokenTrustEnv } from './dev-token-env';

const root = path.resolve(__dirname, '..', '..', '..');

describe('devTokenTrustEnv', () => {
  it('returns the gateway trust variables from tools/token, creating the dev key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dev-token-env-'));
    try {
      const env = devTokenTrustEnv(root, { ...process.env, FORECASTIN_DEV_KEYS_DIR: dir });
      expect(env).toEqual({ JWT_PUBLIC_KEY_FILES: path.join(dir, 'forecastin-dev.pem'), JWT_ISSUER: expect.stringMatching(/^https:\/\//), JWT_AUDIENCE: expect.any(String) });
      expect(existsSync(path.join(dir, 'forecastin-dev.private.pem'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
