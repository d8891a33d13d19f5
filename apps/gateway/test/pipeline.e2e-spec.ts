import { randomUUID } from 'node:crypto';
import { verifyIdentity } from '@forecastin/lifecycle';
import { createTestKeys, hs256WithKey, mintTestToken, unsignedToken, type ServiceProcess, type TestKeys } from '@forecastin/testing';
import { bearer, IDENTITY_KEY, seenBy, startGatewayWithEcho, type GatewayUnderTest, type Envelope } from './support/gateway-harness';

let setup: GatewayUnderTest;
let upstream: ServiceProcess;
let gateway: ServiceProcess;
let keys: TestKeys;

beforeAll(async () => {
  setup = await startGatewayWithEcho({ BODY_LIMIT_BYTES: '4096' });
  ({ upstream, gateway, keys } = setup);
});

afterAll(async () => {
  await setup?.stop();
});

const call = (path: string, init: RequestInit = {}) => fetch(`${gateway.baseUrl}${path}`, init);

async function expectEnvelope(response: Response, status: number, code: string): Promise<Envelope> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Envelope;
  expect(body.error.code).toBe(code);
  expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
  return body;
}

describe('JWT table: every bad token → 401 envelope, nothing reaches the upstream', () => {
  const otherKeys = createTestKeys('ES256');
  const cases: Array<[string, () => Promise<string>]> = [
    ['alg none', async () => unsignedToken()],
    ['HS256 signed with the public key', async () => hs256WithKey({}, keys.publicKeyPem)],
    ['unknown kid, foreign key', async () => mintTestToken(await otherKeys, {}, { kid: 'unknown-kid' })],
    ['expired', async () => mintTestToken(keys, { iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 })],
    ['nbf in the future', async () => mintTestToken(keys, {}, { notBefore: 3600, expiresIn: 7200 })],
    ['wrong iss', async () => mintTestToken(keys, { iss: 'https://evil.example/' })],
    ['wrong aud', async () => mintTestToken(keys, { aud: 'someone-else' })],
    [
      'tampered payload',
      async () => {
        const [header, payload, signature] = (await mintTestToken(keys, { roles: ['viewer'] })).split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
    ],
    ['missing workspace_id', async () => mintTestToken(keys, {}, { omit: ['workspace_id'] })],
    ['missing roles', async () => mintTestToken(keys, {}, { omit: ['roles'] })],
    ['workspace_id not a uuid', async () => mintTestToken(keys, { workspace_id: 'not-a-uuid' })],
    ['garbage', async () => 'garbage'],
    ['three dots of nothing', async () => '..'],
    ['binary junk', async () => '\u0001\u0002'.repeat(20)],
    ['huge token', async () => 'a'.repeat(16_000)],
  ];

  it.each(cases)('%s', async (_name, makeToken) => {
    const before = (await seenBy(upstream)).length;
    const token = await makeToken();
    const response = await call('/api/v1/entities', { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    // Header values Node refuses to send never leave the client; everything else must be a 401.
    if (response) {
      expect([401]).toContain(response.status);
      const body = (await response.json()) as Envelope;
      expect(['UNAUTHENTICATED', 'EXPIRED_TOKEN']).toContain(body.error.code);
      expect(JSON.stringify(body)).not.toContain(token.slice(0, 40));
    }
    expect((await seenBy(upstream)).length).toBe(before);
  });

  it('no Authorization header at all → 401', async () => {
    await expectEnvelope(await call('/api/v1/entities'), 401, 'UNAUTHENTICATED');
  });

  it('revoked jti → 401 (revoked through the admin route)', async () => {
    const admin = await mintTestToken(keys, { roles: ['admin'] });
    const victimJti = randomUUID();
    const victim = await mintTestToken(keys, { jti: victimJti, roles: ['viewer'] });
    expect((await call('/api/v1/entities', { headers: bearer(victim) })).status).toBe(200);
    const revoke = await call('/api/v1/admin/token-revocations', {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ jti: victimJti, expires_at: new Date(Date.now() + 600_000).toISOString() }),
    });
    expect(revoke.status).toBe(204);
    const before = (await seenBy(upstream)).length;
    const body = await expectEnvelope(await call('/api/v1/entities', { headers: bearer(victim) }), 401, 'UNAUTHENTICATED');
    expect(body.error.message).toMatch(/revoked/);
    expect((await seenBy(upstream)).length).toBe(before);
  });
});

describe('routing and roles', () => {
  it('unknown path under /api/v1 → 404 ROUTE_NOT_FOUND before authentication', async () => {
    await expectEnvelope(await call('/api/v1/nope'), 404, 'ROUTE_NOT_FOUND');
    await expectEnvelope(await call('/api/v1/entities', { method: 'PUT' }), 404, 'ROUTE_NOT_FOUND');
  });

  it.each([
    ['viewer', 'GET', '/api/v1/entities', 200],
    ['viewer', 'POST', '/api/v1/entities', 403],
    ['analyst', 'POST', '/api/v1/entities', 200],
    ['analyst', 'POST', '/api/v1/observations', 200],
    ['analyst', 'PATCH', '/api/v1/flags/dark-mode', 403],
    ['admin', 'PATCH', '/api/v1/flags/dark-mode', 200],
    ['viewer', 'POST', '/ofrep/v1/evaluate/flags/dark-mode', 200],
    ['viewer', 'POST', '/api/v1/flags/kill', 403],
  ])('%s %s %s → %d', async (role, method, path, status) => {
    const token = await mintTestToken(keys, { roles: [role as 'viewer'] });
    const response = await call(path, { method, headers: { ...bearer(token), 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(response.status).toBe(status);
    if (status === 403) expect(((await response.json()) as Envelope).error.code).toBe('INSUFFICIENT_PERMISSIONS');
  });
});

describe('identity forwarded to the upstream', () => {
  it('drops spoofed identity headers and the bearer token; sends the signed identity, request id and traceparent', async () => {
    const sub = `user-${randomUUID()}`;
    const workspace = randomUUID();
    const token = await mintTestToken(keys, { sub, workspace_id: workspace, roles: ['analyst'] });
    const response = await call('/api/v1/entities?limit=3', {
      headers: {
        ...bearer(token),
        'x-forecastin-identity': 'forged.identity',
        'x-forecastin-anything': 'x',
        'x-user-id': 'root',
        'x-workspace-id': randomUUID(),
        'x-roles': 'admin',
        'x-forwarded-user': 'root',
        'x-request-id': 'req_e2e-identity-check',
      },
    });
    expect(response.status).toBe(200);
    const received = (await response.json()) as { url: string; headers: Record<string, string> };
    expect(received.url).toBe('/api/v1/entities?limit=3');
    for (const spoofed of ['x-forecastin-anything', 'x-user-id', 'x-workspace-id', 'x-roles', 'x-forwarded-user', 'authorization']) {
      expect(received.headers).not.toHaveProperty(spoofed);
    }
    const identity = verifyIdentity(received.headers['x-forecastin-identity'], IDENTITY_KEY);
    expect(identity).toMatchObject({ ok: true, identity: { sub, workspace_id: workspace, roles: ['analyst'], request_id: 'req_e2e-identity-check' } });
    expect(received.headers['x-request-id']).toBe('req_e2e-identity-check');
    expect(received.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(response.headers.get('x-request-id')).toBe('req_e2e-identity-check');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('ratelimit-limit')).not.toBeNull();
  });
});

describe('edge hygiene on proxied routes', () => {
  it('oversized body → 413, wrong content type → 415, unsupported Accept-Version → 406; none reach the upstream', async () => {
    const token = await mintTestToken(keys, { roles: ['analyst'] });
    const before = (await seenBy(upstream)).length;
    const big = JSON.stringify({ name: 'x'.repeat(10_000) });
    await expectEnvelope(await call('/api/v1/entities', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: big }), 413, 'PAYLOAD_TOO_LARGE');
    // Declared and far over the limit: most of it is still being sent when the 413 comes, which must reach the client, not a reset.
    const huge = JSON.stringify({ name: 'x'.repeat(2_000_000) });
    await expectEnvelope(await call('/api/v1/entities', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: huge }), 413, 'PAYLOAD_TOO_LARGE');
    await expectEnvelope(await call('/api/v1/entities', { method: 'POST', headers: { ...bearer(token), 'content-type': 'text/plain' }, body: 'hi' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectEnvelope(await call('/api/v1/entities', { headers: { ...bearer(token), 'accept-version': '9.9' } }), 406, 'NOT_ACCEPTABLE');
    expect((await seenBy(upstream)).length).toBe(before);
  });

  it('a chunked body (no Content-Length) is counted while it streams: over the limit → 413, under it passes', async () => {
    const token = await mintTestToken(keys, { roles: ['analyst'] });
    const chunked = (bytes: number): RequestInit & { duplex: 'half' } => ({
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let sent = 0; sent < bytes; sent += 1024) controller.enqueue(new TextEncoder().encode(' '.repeat(Math.min(1024, bytes - sent))));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    // Far over the limit, so most of it is still being sent when the 413 comes: it must reach the client, not a reset.
    await expectEnvelope(await call('/api/v1/entities', chunked(2_000_000)), 413, 'PAYLOAD_TOO_LARGE');
    const small = await call('/api/v1/entities', chunked(2_000));
    expect(small.status).toBe(200);
    expect(((await small.json()) as { body_bytes: number; headers: Record<string, string> }).headers['transfer-encoding']).toBe('chunked');
  });

  it('a JSON body streams through to the upstream intact', async () => {
    const token = await mintTestToken(keys, { roles: ['analyst'] });
    const body = JSON.stringify({ name: 'y'.repeat(3000) });
    const response = await call('/api/v1/entities', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body_bytes: number }).body_bytes).toBe(Buffer.byteLength(body));
  });
});
