import path from 'node:path';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createTestKeys, mintTestToken, startServiceProcess, testRedisEnv, uniqueTestPrefix, TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, type ServiceProcess, type TestKeys } from '@forecastin/testing';
import type { JwtClaims } from '@forecastin/contracts';

export const GATEWAY_MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');
export const ECHO_UPSTREAM = path.join(__dirname, '..', 'fixtures', 'echo-upstream.mjs');
export const IDENTITY_KEY = 'gateway-e2e-identity-signing-key-0123456789';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body_bytes?: number;
  upgrade?: boolean;
}

export async function startEchoUpstream(): Promise<ServiceProcess> {
  return startServiceProcess({ main: ECHO_UPSTREAM });
}

export async function seenBy(upstream: ServiceProcess): Promise<ReceivedRequest[]> {
  const response = await fetch(`${upstream.baseUrl}/__seen`);
  return (await response.json()) as ReceivedRequest[];
}

/** A signing key the gateway trusts, written as a JWKS file (keeps the `kid` tokens name) as an operator would configure it. */
export async function trustedKeys(): Promise<{ keys: TestKeys; file: string }> {
  const keys = await createTestKeys('ES256');
  const dir = await mkdtemp(path.join(tmpdir(), 'gateway-e2e-'));
  const file = path.join(dir, 'issuer.jwks.json');
  await writeFile(file, JSON.stringify(keys.jwks));
  return { keys, file };
}

/** Environment of a gateway under test: every upstream points at `upstreamUrl` unless overridden. */
export function gatewayEnv(keyFile: string, upstreamUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    IDENTITY_SIGNING_KEY: IDENTITY_KEY,
    JWT_PUBLIC_KEY_FILES: keyFile,
    JWT_ISSUER: TEST_JWT_ISSUER,
    JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    UPSTREAM_ENTITY_URL: upstreamUrl,
    UPSTREAM_HIERARCHY_URL: upstreamUrl,
    UPSTREAM_SCENARIO_URL: upstreamUrl,
    UPSTREAM_FLAG_URL: upstreamUrl,
    UPSTREAM_REALTIME_URL: upstreamUrl,
    DEPENDENCY_CHECK_INTERVAL_MS: '200',
    ...testRedisEnv(uniqueTestPrefix('gateway')),
    ...extra,
  };
}

export async function startGateway(env: Record<string, string>): Promise<ServiceProcess> {
  return startServiceProcess({ main: GATEWAY_MAIN, env });
}

export function tokenFor(keys: TestKeys, claims: Partial<JwtClaims> = {}): Promise<string> {
  return mintTestToken(keys, claims);
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export interface Envelope {
  error: { code: string; message: string; request_id: string };
}

export interface GatewayUnderTest {
  upstream: ServiceProcess;
  gateway: ServiceProcess;
  keys: TestKeys;
  stop(): Promise<void>;
}

/** The common arrangement: an echo upstream behind every route, a gateway trusting a fresh key. */
export async function startGatewayWithEcho(extra: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const trusted = await trustedKeys();
  const upstream = await startEchoUpstream();
  const gateway = await startGateway(gatewayEnv(trusted.file, upstream.baseUrl, extra));
  return {
    upstream,
    gateway,
    keys: trusted.keys,
    stop: async () => {
      await gateway.stop();
      await upstream.stop();
    },
  };
}
