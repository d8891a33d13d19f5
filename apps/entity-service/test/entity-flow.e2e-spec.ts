import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { consistencyTokenSchema, entitySchema, platformEventSchema, type Entity } from '@forecastin/contracts';
import {
  createTestKeys,
  eventually,
  mintTestToken,
  startServiceProcess,
  startServiceUnderTest,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  testRedisEnv,
  uniqueTestPrefix,
  type ServiceProcess,
  type ServiceUnderTest,
  type TestKeys,
} from '@forecastin/testing';
import { connect } from 'nats';

/**
 * The main flow through real processes: the built gateway (verifying real JWTs, enforcing roles)
 * in front of the built entity-service (own migrated database, own NATS prefix and stream).
 */
const ENTITY_MAIN = path.join(__dirname, '..', 'dist', 'main.js');
const GATEWAY_MAIN = path.join(__dirname, '..', '..', 'gateway', 'dist', 'main.js');
const IDENTITY_KEY = 'entity-e2e-identity-signing-key-0123456789';

let service: ServiceUnderTest;
let gateway: ServiceProcess;
let keys: TestKeys;
let stream = '';
const workspace = randomUUID();

beforeAll(async () => {
  service = await startServiceUnderTest({
    label: 'entity-e2e',
    main: ENTITY_MAIN,
    database: true,
    environment: (defaults) => {
      stream = defaults['EVENTS_STREAM'] ?? '';
      return { ...defaults, IDENTITY_SIGNING_KEY: IDENTITY_KEY };
    },
  });
  keys = await createTestKeys('ES256');
  const jwks = path.join(await mkdtemp(path.join(tmpdir(), 'entity-e2e-')), 'issuer.jwks.json');
  await writeFile(jwks, JSON.stringify(keys.jwks));
  const nowhere = 'http://127.0.0.1:1';
  gateway = await startServiceProcess({
    main: GATEWAY_MAIN,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      IDENTITY_SIGNING_KEY: IDENTITY_KEY,
      JWT_PUBLIC_KEY_FILES: jwks,
      JWT_ISSUER: TEST_JWT_ISSUER,
      JWT_AUDIENCE: TEST_JWT_AUDIENCE,
      UPSTREAM_ENTITY_URL: `http://127.0.0.1:${service.port}`,
      UPSTREAM_HIERARCHY_URL: nowhere,
      UPSTREAM_SCENARIO_URL: nowhere,
      UPSTREAM_FLAG_URL: nowhere,
      UPSTREAM_REALTIME_URL: nowhere,
      ...testRedisEnv(uniqueTestPrefix('entity-e2e-gw')),
    },
  });
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await service?.cleanup();
});

async function call<T = Entity>(token: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

it('create → read (ETag, 304) → patch (If-Match) → move → list → cascade delete, with roles and tenancy enforced, and every write in the stream', async () => {
  const analyst = await mintTestToken(keys, { workspace_id: workspace, roles: ['analyst'] });
  const viewer = await mintTestToken(keys, { workspace_id: workspace, roles: ['viewer'] });
  const stranger = await mintTestToken(keys, { workspace_id: randomUUID(), roles: ['analyst'] });
  const tokens: string[] = [];
  const write = async (method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await call(analyst, method, url, body, headers);
    tokens.push(consistencyTokenSchema.parse(response.headers.get('x-consistency-token')));
    return response;
  };

  const world = await write('POST', '/api/v1/entities', { name: 'World', entity_type: 'region' }, { 'idempotency-key': 'e2e-world' });
  expect(world.status).toBe(201);
  expect(world.headers.get('location')).toBe(`/api/v1/entities/${world.body.id}`);
  const asia = await write('POST', '/api/v1/entities', { name: 'Asia', entity_type: 'region', parent_id: world.body.id });
  const japan = await write('POST', '/api/v1/entities', {
    name: 'Japan', entity_type: 'country', parent_id: asia.body.id, location: { type: 'Point', coordinates: [138.25, 36.2] },
  });
  expect(entitySchema.parse(japan.body).path).toBe('world.asia.japan');
  expect((await call(viewer, 'POST', '/api/v1/entities', { name: 'No', entity_type: 'region' })).status).toBe(403);

  const read = await call(viewer, 'GET', `/api/v1/entities/${japan.body.id}`);
  expect(read.status).toBe(200);
  expect(read.headers.get('etag')).toBe('"1"');
  expect((await call(viewer, 'GET', `/api/v1/entities/${japan.body.id}`, undefined, { 'if-none-match': '"1"' })).status).toBe(304);
  expect((await call(stranger, 'GET', `/api/v1/entities/${japan.body.id}`)).status).toBe(404);

  expect((await call(analyst, 'PATCH', `/api/v1/entities/${japan.body.id}`, { name: 'Nippon' }, { 'if-match': '"9"' })).status).toBe(412);
  const patched = await write('PATCH', `/api/v1/entities/${japan.body.id}`, { name: 'Nippon' }, { 'if-match': '"1"' });
  expect(patched.body).toMatchObject({ name: 'Nippon', version: 2 });

  const europe = await write('POST', '/api/v1/entities', { name: 'Europe', entity_type: 'region', parent_id: world.body.id });
  expect((await call(analyst, 'POST', `/api/v1/entities/${asia.body.id}/move`, { parent_id: japan.body.id })).status).toBe(409);
  const moved = await write('POST', `/api/v1/entities/${japan.body.id}/move`, { parent_id: europe.body.id });
  expect(moved.body).toMatchObject({ path: 'world.europe.japan', version: 3 });

  const listed = await call<{ items: Entity[]; has_more: boolean }>(viewer, 'GET', '/api/v1/entities?path=world.europe&bbox=130,30,140,40');
  expect(listed.body.items.map((item) => item.name)).toEqual(['Nippon']);
  expect((await call(analyst, 'DELETE', `/api/v1/entities/${world.body.id}`)).status).toBe(409);
  expect((await write('DELETE', `/api/v1/entities/${world.body.id}?cascade=true`)).status).toBe(204);
  expect((await call<{ items: Entity[] }>(viewer, 'GET', '/api/v1/entities')).body.items).toEqual([]);

  const nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222' });
  try {
    const jsm = await nc.jetstreamManager();
    await eventually(async () => expect((await jsm.streams.info(stream)).state.messages).toBe(tokens.length));
    const types: string[] = [];
    const ids: string[] = [];
    for (let seq = 1; seq <= tokens.length; seq += 1) {
      const event = platformEventSchema.parse((await jsm.streams.getMessage(stream, { seq })).json());
      types.push(event.type);
      ids.push(event.event_id);
    }
    expect(ids).toEqual(tokens);
    expect(types).toEqual(['entity_created', 'entity_created', 'entity_created', 'entity_updated', 'entity_created', 'entity_moved', 'entity_deleted']);
  } finally {
    await nc.close();
  }
});
