import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JwtClaims } from '@forecastin/contracts';
import { createTestKeys, deleteTestKeys, mintTestToken, startServiceProcess, testRedisEnv, TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, uniqueTestPrefix, type ServiceProcess } from '@forecastin/testing';
import { IDENTITY_KEY } from './flag-service-client';

const GATEWAY_MAIN = path.join(__dirname, '..', '..', '..', 'gateway', 'dist', 'main.js');

export interface GatewayInFront {
  readonly baseUrl: string;
  /** A bearer token the gateway accepts, with these claims (admin of a random workspace by default). */
  token(claims?: Partial<JwtClaims>): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The built gateway in front of a flag-service, trusting a fresh signing key (a JWKS file, as an
 * operator configures it) and sharing the service's identity key. Every other upstream points at
 * a closed port: only flag routes are exercised.
 */
export async function startGatewayInFront(flagServiceUrl: string): Promise<GatewayInFront> {
  const keys = await createTestKeys('ES256');
  const dir = await mkdtemp(path.join(tmpdir(), 'flag-e2e-'));
  const keyFile = path.join(dir, 'issuer.jwks.json');
  await writeFile(keyFile, JSON.stringify(keys.jwks));
  const redisEnv = testRedisEnv(uniqueTestPrefix('flaggw'));
  const nowhere = 'http://127.0.0.1:1';
  const gateway: ServiceProcess = await startServiceProcess({
    main: GATEWAY_MAIN,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      IDENTITY_SIGNING_KEY: IDENTITY_KEY,
      JWT_PUBLIC_KEY_FILES: keyFile,
      JWT_ISSUER: TEST_JWT_ISSUER,
      JWT_AUDIENCE: TEST_JWT_AUDIENCE,
      UPSTREAM_FLAG_URL: flagServiceUrl,
      UPSTREAM_ENTITY_URL: nowhere,
      UPSTREAM_HIERARCHY_URL: nowhere,
      UPSTREAM_SCENARIO_URL: nowhere,
      UPSTREAM_REALTIME_URL: nowhere,
      ...redisEnv,
    },
  });
  return {
    baseUrl: gateway.baseUrl,
    token: (claims = {}) => mintTestToken(keys, { roles: ['admin'], ...claims }),
    stop: async () => {
      await gateway.stop();
      await deleteTestKeys(redisEnv['REDIS_KEY_PREFIX']);
    },
  };
}
