import { startServiceUnderTest, type ServiceUnderTest } from '@forecastin/testing';
import { admin, detailFields, FLAG_SERVICE_MAIN, flagServiceClient, IDENTITY_KEY, type FlagServiceClient } from './support/flag-service-client';

interface FlagBody {
  key: string;
  enabled: boolean;
  version: number;
  rollout_percentage: number | null;
  updated_by: string;
}
interface Page<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}
interface AuditEntry {
  action: string;
  changed_by: string;
  diff: Record<string, { from?: unknown; to?: unknown }>;
}
interface Envelope {
  error: { code: string; message: string; request_id: string };
}

let service: ServiceUnderTest;
let call: FlagServiceClient;

beforeAll(async () => {
  service = await startServiceUnderTest({
    label: 'flag-api',
    main: FLAG_SERVICE_MAIN,
    database: true,
    environment: (defaults) => ({ ...defaults, IDENTITY_SIGNING_KEY: IDENTITY_KEY, LOG_LEVEL: 'warn' }),
  });
  call = flagServiceClient(`http://127.0.0.1:${service.port}`);
});

afterAll(async () => {
  await service?.cleanup();
});

const rollout = (percent: number) => ({ name: 'flexible_rollout', parameters: { rollout: percent, stickiness: 'default' } });

describe('flag CRUD, audit and concurrency', () => {
  it('creates, reads, patches, replaces and deletes with versions, ETags and an audit trail', async () => {
    const created = await call<FlagBody>('POST', '/api/v1/flags', { key: 'crud-flag', strategies: [rollout(25)], tags: ['crud'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'crud-flag', enabled: false, version: 1, rollout_percentage: 25, updated_by: admin.sub });
    expect(created.headers.get('etag')).toBe('"1"');

    expect((await call('POST', '/api/v1/flags', { key: 'crud-flag' })).status).toBe(409);
    const got = await call<FlagBody>('GET', '/api/v1/flags/crud-flag');
    expect(got.body.version).toBe(1);
    expect((await call('GET', '/api/v1/flags/crud-flag', undefined, { 'if-none-match': '"1"' })).status).toBe(304);

    const patched = await call<FlagBody>('PATCH', '/api/v1/flags/crud-flag', { enabled: true }, { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: true, version: 2 });
    // A writer holding version 1 is refused: optimistic concurrency.
    const stale = await call<Envelope>('PATCH', '/api/v1/flags/crud-flag', { enabled: false }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');

    const replaced = await call<FlagBody>('PUT', '/api/v1/flags/crud-flag', { enabled: true, strategies: [{ name: 'default' }] }, { 'if-match': '"2"' });
    expect(replaced.body).toMatchObject({ version: 3, rollout_percentage: 100 });
    // A patch that changes nothing keeps the version and writes no audit entry.
    expect((await call<FlagBody>('PATCH', '/api/v1/flags/crud-flag', { enabled: true })).body.version).toBe(3);

    expect((await call('DELETE', '/api/v1/flags/crud-flag', undefined, { 'if-match': '"2"' })).status).toBe(412);
    expect((await call('DELETE', '/api/v1/flags/crud-flag', undefined, { 'if-match': '"3"' })).status).toBe(204);
    expect((await call('GET', '/api/v1/flags/crud-flag')).status).toBe(404);

    const audit = await call<Page<AuditEntry>>('GET', '/api/v1/flags/crud-flag/audit');
    expect(audit.body.items.map((entry) => entry.action)).toEqual(['deleted', 'updated', 'updated', 'created']);
    expect(audit.body.items.every((entry) => entry.changed_by === admin.sub)).toBe(true);
    expect(audit.body.items[2]?.diff).toEqual({ enabled: { from: false, to: true } });
    expect(audit.body.items[3]?.diff['tags']).toEqual({ to: ['crud'] });
    expect(audit.body.items[0]?.diff['enabled']).toEqual({ from: true });
  });

  it('pages the list and the audit trail with signed cursors', async () => {
    for (const key of ['page-a', 'page-b', 'page-c']) await call('POST', '/api/v1/flags', { key });
    for (let i = 0; i < 3; i++) await call('PATCH', '/api/v1/flags/page-a', { description: `edit ${i}` });
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<FlagBody> } = await call<Page<FlagBody>>('GET', `/api/v1/flags?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      keys.push(...page.body.items.map((flag) => flag.key));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(keys.filter((key) => key.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);

    const first = await call<Page<AuditEntry>>('GET', '/api/v1/flags/page-a/audit?limit=3');
    expect(first.body).toMatchObject({ has_more: true });
    const rest = await call<Page<AuditEntry>>('GET', `/api/v1/flags/page-a/audit?limit=3&cursor=${first.body.next_cursor ?? ''}`);
    expect(rest.body.items.map((entry) => entry.action)).toEqual(['created']);
    expect(rest.body.has_more).toBe(false);
    // A cursor of another flag's history, or a tampered one, is a caller mistake.
    expect(detailFields((await call('GET', `/api/v1/flags/page-b/audit?cursor=${first.body.next_cursor ?? ''}`)).body)).toEqual(['cursor']);
    expect(detailFields((await call('GET', `/api/v1/flags?cursor=${(first.body.next_cursor ?? '').slice(0, -2)}xx`)).body)).toEqual(['cursor']);
  });

  it('refuses unknown dependencies (400), cycles (409) and deleting a flag others depend on (409)', async () => {
    await call('POST', '/api/v1/flags', { key: 'dep-parent' });
    const unknown = await call('POST', '/api/v1/flags', { key: 'dep-child', dependencies: [{ flag_key: 'dep-parent' }, { flag_key: 'dep-missing' }] });
    expect(unknown.status).toBe(400);
    expect(detailFields(unknown.body)).toEqual(['dependencies.1.flag_key']);

    expect((await call('POST', '/api/v1/flags', { key: 'dep-child', dependencies: [{ flag_key: 'dep-parent' }] })).status).toBe(201);
    const cycle = await call<Envelope>('PATCH', '/api/v1/flags/dep-parent', { dependencies: [{ flag_key: 'dep-child' }] });
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.code).toBe('RESOURCE_CONFLICT');
    expect((await call('PATCH', '/api/v1/flags/dep-child', { dependencies: [{ flag_key: 'dep-child' }] })).status).toBe(409);

    const dependents = await call<Envelope>('DELETE', '/api/v1/flags/dep-parent');
    expect(dependents.status).toBe(409);
    expect(dependents.body.error.message).toContain('dep-child');
  });

  it('kills every enabled flag with a tag in one go, audited per flag', async () => {
    await call('POST', '/api/v1/flags', { key: 'kill-a', enabled: true, tags: ['checkout'] });
    await call('POST', '/api/v1/flags', { key: 'kill-b', enabled: true, tags: ['checkout', 'x'] });
    await call('POST', '/api/v1/flags', { key: 'kill-c', enabled: false, tags: ['checkout'] });
    await call('POST', '/api/v1/flags', { key: 'kill-d', enabled: true, tags: ['other'] });
    const killed = await call<{ tag: string; disabled: string[] }>('POST', '/api/v1/flags/kill', { tag: 'checkout' });
    expect(killed.status).toBe(200);
    expect(killed.body).toEqual({ tag: 'checkout', disabled: ['kill-a', 'kill-b'] });
    expect((await call<FlagBody>('GET', '/api/v1/flags/kill-b')).body).toMatchObject({ enabled: false, version: 2 });
    expect((await call<FlagBody>('GET', '/api/v1/flags/kill-c')).body.version).toBe(1);
    expect((await call<FlagBody>('GET', '/api/v1/flags/kill-d')).body.enabled).toBe(true);
    const audit = await call<Page<AuditEntry>>('GET', '/api/v1/flags/kill-a/audit');
    expect(audit.body.items[0]).toMatchObject({ action: 'killed', diff: { enabled: { from: true, to: false } } });
  });
});

describe('bad input on every endpoint: the envelope with field paths, never a 500', () => {
  it.each([
    ['POST', '/api/v1/flags', { key: '-bad' }, ['key']],
    ['POST', '/api/v1/flags', { key: 'ok', variants: [{ name: 'a', weight: 1001 }] }, ['variants.0.weight']],
    ['POST', '/api/v1/flags', { key: 'ok', strategies: [{ name: 'default', constraints: [{ context_name: 'n', operator: 'NUM_GT', value: 'ten' }] }] }, ['strategies.0.constraints.0.value']],
    ['POST', '/api/v1/flags', { key: 'ok', strategies: [{ name: 'default', constraints: [{ context_name: 'd', operator: 'DATE_AFTER', value: 'tomorrow' }] }] }, ['strategies.0.constraints.0.value']],
    ['POST', '/api/v1/flags', { key: 'ok', strategies: [{ name: 'default', constraints: [{ context_name: 'v', operator: 'SEMVER_GT', value: 'v1' }] }] }, ['strategies.0.constraints.0.value']],
    ['POST', '/api/v1/flags', { key: 'ok', rollout_percentage: 10 }, ['']],
    ['GET', '/api/v1/flags?limit=0', undefined, ['limit']],
    ['GET', '/api/v1/flags?limit=abc', undefined, ['limit']],
    ['GET', '/api/v1/flags/bad%20key', undefined, ['key']],
    ['GET', '/api/v1/flags/bad%20key/audit', undefined, ['key']],
    ['GET', '/api/v1/flags/ok/audit?limit=5000', undefined, ['limit']],
    ['PUT', '/api/v1/flags/ok', { enabled: 'yes' }, ['enabled']],
    ['PUT', '/api/v1/flags/ok', { key: 'ok' }, ['']],
    ['PATCH', '/api/v1/flags/ok', {}, ['']],
    ['PATCH', '/api/v1/flags/ok', { tags: ['a', 'a'] }, ['tags.1']],
    ['DELETE', '/api/v1/flags/bad%20key', undefined, ['key']],
    ['POST', '/api/v1/flags/kill', { tag: '' }, ['tag']],
    ['POST', '/api/v1/flags/kill', {}, ['tag']],
  ])('%s %s %j → 400 at %j', async (method, url, body, fields) => {
    const answer = await call<Envelope>(method, url, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    expect(detailFields(answer.body)).toEqual(fields);
  });

  it('malformed JSON is 400 INVALID_JSON', async () => {
    const answer = await call<Envelope>('POST', '/api/v1/flags', '{"key": ');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_JSON');
  });
});

describe('Idempotency-Key on create', () => {
  it('a retry with the same key and body answers the first result; another body under the key is 409', async () => {
    const headers = { 'idempotency-key': 'create-retry-1' };
    const first = await call<FlagBody>('POST', '/api/v1/flags', { key: 'idem-flag', enabled: true }, headers);
    expect(first.status).toBe(201);
    await call('PATCH', '/api/v1/flags/idem-flag', { description: 'changed since' });
    const retry = await call<FlagBody>('POST', '/api/v1/flags', { key: 'idem-flag', enabled: true }, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const misuse = await call<Envelope>('POST', '/api/v1/flags', { key: 'idem-other' }, headers);
    expect(misuse.status).toBe(409);
    expect((await call('GET', '/api/v1/flags/idem-other')).status).toBe(404);
    // Without the key, a second create of the same flag is the usual 409.
    expect((await call('POST', '/api/v1/flags', { key: 'idem-flag', enabled: true })).status).toBe(409);
    expect(detailFields((await call('POST', '/api/v1/flags', { key: 'idem-x' }, { 'idempotency-key': 'has space' })).body)).toEqual(['Idempotency-Key']);
  });
});
