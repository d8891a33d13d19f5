import { randomUUID } from 'node:crypto';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import { startServiceUnderTest, type ServiceUnderTest } from '@forecastin/testing';
import { FLAG_SERVICE_MAIN, IDENTITY_KEY } from './support/flag-service-client';
import { startGatewayInFront, type GatewayInFront } from './support/gateway-in-front';

let service: ServiceUnderTest;
let gateway: GatewayInFront;
let adminToken: string;
let viewerToken: string;
const workspace = randomUUID();

async function through(method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const FLAGS = [
  { key: 'sdk-bool', enabled: true },
  { key: 'sdk-users', enabled: true, strategies: [{ name: 'user_ids', parameters: { user_ids: ['user-7'] } }] },
  { key: 'sdk-off', enabled: false },
  { key: 'sdk-string', enabled: true, variants: [{ name: 'blue', weight: 1000, payload: { type: 'string', value: '#0000ff' } }] },
  {
    key: 'sdk-object',
    enabled: true,
    variants: [
      { name: 'compact', weight: 500, stickiness: 'default', payload: { type: 'json', value: '{"columns":2,"dense":true}' } },
      { name: 'roomy', weight: 500, stickiness: 'default', payload: { type: 'json', value: '{"columns":1,"dense":false}' } },
    ],
  },
  { key: 'sdk-my-workspace', enabled: true, strategies: [{ name: 'default', constraints: [{ context_name: 'workspace_id', operator: 'IN', values: [workspace] }] }] },
];

beforeAll(async () => {
  service = await startServiceUnderTest({
    label: 'flag-ofrep',
    main: FLAG_SERVICE_MAIN,
    database: true,
    environment: (defaults) => ({ ...defaults, IDENTITY_SIGNING_KEY: IDENTITY_KEY, LOG_LEVEL: 'warn' }),
  });
  gateway = await startGatewayInFront(`http://127.0.0.1:${service.port}`);
  adminToken = await gateway.token({ roles: ['admin'], workspace_id: workspace });
  viewerToken = await gateway.token({ roles: ['viewer'], workspace_id: workspace, sub: 'viewer-sub' });
  for (const flag of FLAGS) {
    const created = await through('POST', '/api/v1/flags', adminToken, flag);
    if (created.status !== 201) throw new Error(`creating ${flag.key}: ${created.status} ${JSON.stringify(created.body)}`);
  }
}, 60_000);

afterAll(async () => {
  await OpenFeature.close();
  await gateway?.stop();
  await service?.cleanup();
});

describe('through the gateway: roles', () => {
  it('viewers evaluate and read; only admins write', async () => {
    expect((await through('POST', '/ofrep/v1/evaluate/flags/sdk-bool', viewerToken, { context: {} })).status).toBe(200);
    expect((await through('GET', '/api/v1/flags/sdk-bool', viewerToken)).status).toBe(200);
    const refused = await through('PATCH', '/api/v1/flags/sdk-bool', viewerToken, { enabled: false });
    expect(refused.status).toBe(403);
    expect((await through('POST', '/api/v1/flags/kill', viewerToken, { tag: 'x' })).status).toBe(403);
  });
});

describe('a real OpenFeature client (server SDK + OFREP provider) pointed at the gateway', () => {
  let client: Client;

  beforeAll(async () => {
    await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl: gateway.baseUrl, headers: [['Authorization', `Bearer ${viewerToken}`]] }));
    client = OpenFeature.getClient();
  });

  it('boolean flags: static, targeted, disabled, unknown', async () => {
    expect(await client.getBooleanDetails('sdk-bool', false)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(await client.getBooleanDetails('sdk-users', false, { targetingKey: 'user-7' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(await client.getBooleanDetails('sdk-users', true, { targetingKey: 'user-8' })).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(await client.getBooleanDetails('sdk-off', true)).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(await client.getBooleanDetails('sdk-nope', true)).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('string flags answer the variant payload with its variant name', async () => {
    expect(await client.getStringDetails('sdk-string', 'none', { targetingKey: 'anyone' })).toMatchObject({ value: '#0000ff', variant: 'blue', reason: 'STATIC' });
  });

  it('object flags answer the decoded JSON payload of a stably chosen variant (SPLIT)', async () => {
    const payloads: Record<string, unknown> = { compact: { columns: 2, dense: true }, roomy: { columns: 1, dense: false } };
    const seen = new Set<string>();
    for (let user = 0; user < 20; user++) {
      const details = await client.getObjectDetails('sdk-object', {}, { targetingKey: `user-${user}` });
      expect(details.reason).toBe('SPLIT');
      expect(details.value).toEqual(payloads[details.variant ?? '']);
      expect((await client.getObjectDetails('sdk-object', {}, { targetingKey: `user-${user}` })).variant).toBe(details.variant);
      seen.add(details.variant ?? '');
    }
    expect(seen).toEqual(new Set(['compact', 'roomy']));
  });

  it("the caller's workspace fills the context it does not set", async () => {
    expect(await client.getBooleanDetails('sdk-my-workspace', false)).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(await client.getBooleanDetails('sdk-my-workspace', true, { workspace_id: randomUUID() })).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('a type mismatch is the default value with TYPE_MISMATCH, as OpenFeature specifies', async () => {
    expect(await client.getStringDetails('sdk-bool', 'fallback')).toMatchObject({ value: 'fallback', errorCode: 'TYPE_MISMATCH' });
  });
});

describe('OFREP shapes for failures, never a 500', () => {
  it.each([
    [{ context: { targetingKey: 42 } }, 'context.targetingKey'],
    [{ context: { roles: 'admin' } }, 'context.roles'],
    [{ context: { current_time: 'noon' } }, 'context.current_time'],
    [{ context: { properties: { nested: { deep: true } } } }, 'context.properties.nested'],
    [{ context: { country: ['JP'] } }, 'context.country'],
    [{ context: 'everyone' }, 'context'],
  ])('context %j → 400 INVALID_CONTEXT naming %s', async (body, field) => {
    const answer = await through('POST', '/ofrep/v1/evaluate/flags/sdk-bool', viewerToken, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ key: 'sdk-bool', errorCode: 'INVALID_CONTEXT' });
    expect(String(answer.body['errorDetails'])).toContain(field);
    const bulk = await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, body);
    expect(bulk.status).toBe(400);
    expect(bulk.body).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
  });

  it('a body that is not an object is PARSE_ERROR; an unknown or impossible key is FLAG_NOT_FOUND', async () => {
    expect(await through('POST', '/ofrep/v1/evaluate/flags/sdk-bool', viewerToken, [1, 2])).toMatchObject({ status: 400, body: { key: 'sdk-bool', errorCode: 'PARSE_ERROR' } });
    expect(await through('POST', '/ofrep/v1/evaluate/flags/missing', viewerToken, { context: {} })).toMatchObject({ status: 404, body: { key: 'missing', errorCode: 'FLAG_NOT_FOUND' } });
    expect(await through('POST', '/ofrep/v1/evaluate/flags/-nope', viewerToken, {})).toMatchObject({ status: 404, body: { errorCode: 'FLAG_NOT_FOUND' } });
  });

  it('malformed JSON is PARSE_ERROR in the OFREP shape, not a 500', async () => {
    expect(await through('POST', '/ofrep/v1/evaluate/flags/sdk-bool', viewerToken, '{"context": ')).toMatchObject({ status: 400, body: { key: 'sdk-bool', errorCode: 'PARSE_ERROR' } });
    expect(await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, '{"context": ')).toMatchObject({ status: 400, body: { errorCode: 'PARSE_ERROR' } });
  });
});

describe('bulk evaluation', () => {
  it('answers every flag with an ETag; If-None-Match → 304 until something this caller sees changes', async () => {
    const first = await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, { context: { targetingKey: 'user-7' } });
    expect(first.status).toBe(200);
    const flags = first.body['flags'] as Array<{ key: string; value: unknown; reason: string }>;
    expect(flags.map((flag) => flag.key)).toEqual(FLAGS.map((flag) => flag.key).sort());
    expect(flags.find((flag) => flag.key === 'sdk-users')).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);

    const again = await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, { context: { targetingKey: 'user-7' } }, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    // Another user sees other answers, hence another tag.
    expect((await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, { context: { targetingKey: 'user-8' } }, { 'if-none-match': etag })).status).toBe(200);

    await through('PATCH', '/api/v1/flags/sdk-users', adminToken, { enabled: false });
    const changed = await through('POST', '/ofrep/v1/evaluate/flags', viewerToken, { context: { targetingKey: 'user-7' } }, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect((changed.body['flags'] as Array<{ key: string; reason: string }>).find((flag) => flag.key === 'sdk-users')?.reason).toBe('DISABLED');
  });
});
