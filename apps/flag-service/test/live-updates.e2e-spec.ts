import { eventEnvelopeSchema, flagSnapshotRequestSchema, flagSnapshotResponseSchema, type EventEnvelope, type FlagSnapshotResponse } from '@forecastin/contracts';
import { NatsDependency, rpcRequest, subscribeCore } from '@forecastin/messaging';
import { z } from 'zod';
import { createCaptureLogger, eventually, startServiceProcess, startServiceUnderTest, type ServiceProcess, type ServiceUnderTest } from '@forecastin/testing';
import { FLAG_SERVICE_MAIN, flagServiceClient, IDENTITY_KEY, type FlagServiceClient } from './support/flag-service-client';

/** Milliseconds until `seen` holds, polling every 20 ms; fails (with the last assertion) after `boundMs`. */
async function seenWithin(boundMs: number, seen: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await eventually(seen, boundMs, 20);
  return Date.now() - started;
}

// Two instances on one database and one NATS prefix, as two replicas in a cluster. The revision
// poll is set far beyond the test's bound, so only the change events can make B see A's writes in time.
let first: ServiceUnderTest;
let second: ServiceProcess;
let onA: FlagServiceClient;
let onB: FlagServiceClient;
let sharedEnv: Record<string, string> = {};
let nats: NatsDependency;

beforeAll(async () => {
  first = await startServiceUnderTest({
    label: 'flag-live',
    main: FLAG_SERVICE_MAIN,
    database: true,
    environment: (defaults) => (sharedEnv = { ...defaults, IDENTITY_SIGNING_KEY: IDENTITY_KEY, LOG_LEVEL: 'warn', FLAG_POLL_INTERVAL_MS: '600000' }),
  });
  second = await startServiceProcess({ main: FLAG_SERVICE_MAIN, env: sharedEnv });
  onA = flagServiceClient(`http://127.0.0.1:${first.port}`);
  onB = flagServiceClient(second.baseUrl);
  nats = new NatsDependency({ url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', connectionName: 'flag-live-test', logger: createCaptureLogger().logger, subjectPrefix: sharedEnv['NATS_SUBJECT_PREFIX'], eventsStream: sharedEnv['EVENTS_STREAM'] });
  await nats.connect();
}, 60_000);

afterAll(async () => {
  await nats?.close();
  await second?.stop();
  await first?.cleanup();
});

const evaluate = (call: FlagServiceClient, key: string) => call<{ value?: unknown; reason?: string; errorCode?: string }>('POST', `/ofrep/v1/evaluate/flags/${key}`, { context: { targetingKey: 'u-1' } });

describe('live updates across instances', () => {
  it('a flag created, changed, killed and deleted on one instance is seen by the other within 1 s', async () => {
    expect((await evaluate(onB, 'live-flag')).status).toBe(404);

    await onA('POST', '/api/v1/flags', { key: 'live-flag', enabled: false, tags: ['live'] });
    const created = await seenWithin(1000, async () => expect((await evaluate(onB, 'live-flag')).body.reason).toBe('DISABLED'));

    await onA('PATCH', '/api/v1/flags/live-flag', { enabled: true });
    const enabled = await seenWithin(1000, async () => expect((await evaluate(onB, 'live-flag')).body.value).toBe(true));

    await onB('POST', '/api/v1/flags/kill', { tag: 'live' });
    const killed = await seenWithin(1000, async () => expect((await evaluate(onA, 'live-flag')).body.reason).toBe('DISABLED'));

    await onA('DELETE', '/api/v1/flags/live-flag');
    const deleted = await seenWithin(1000, async () => expect((await evaluate(onB, 'live-flag')).status).toBe(404));
    // The figures this test exists for, in the test output.
    console.info(`propagation A→B (ms): created ${created}, enabled ${enabled}, killed B→A ${killed}, deleted ${deleted}`);
  });

  it('the writing instance answers from its new snapshot at once (read your writes)', async () => {
    await onA('POST', '/api/v1/flags', { key: 'own-write', enabled: true });
    expect((await evaluate(onA, 'own-write')).body).toMatchObject({ value: true, reason: 'STATIC' });
  });
});

describe('events through the outbox', () => {
  it('one evt.global.flag.updated per create, change and killed flag, evt.global.flag.deleted per delete, with the revision', async () => {
    const seen: Array<{ subject: string; event: EventEnvelope }> = [];
    const subscription = subscribeCore(nats, nats.subjects.aggregateEvents('flag'), eventEnvelopeSchema, (event, meta) => {
      if (String(event['flag_key']).startsWith('evt-')) seen.push({ subject: meta.subject, event });
    });
    try {
      await onA('POST', '/api/v1/flags', { key: 'evt-a', enabled: true, tags: ['evt'] });
      await onA('POST', '/api/v1/flags', { key: 'evt-b', enabled: true, tags: ['evt'] });
      await onB('POST', '/api/v1/flags/kill', { tag: 'evt' });
      await onA('DELETE', '/api/v1/flags/evt-b');
      await eventually(() => expect(seen).toHaveLength(5), 5000, 20);
      // The relay keeps order per flag, not across flags: compare in (revision, key) order.
      const byRevision = [...seen].sort((x, y) => Number(x.event['revision']) - Number(y.event['revision']) || String(x.event['flag_key']).localeCompare(String(y.event['flag_key'])));
      expect(byRevision.map(({ subject, event }) => [subject.split('.').slice(-3).join('.'), event['flag_key'], event['enabled']])).toEqual([
        ['global.flag.updated', 'evt-a', true],
        ['global.flag.updated', 'evt-b', true],
        ['global.flag.updated', 'evt-a', false],
        ['global.flag.updated', 'evt-b', false],
        ['global.flag.deleted', 'evt-b', undefined],
      ]);
      // The kill is one transaction: its two events share one revision.
      expect(byRevision[2]?.event['revision']).toBe(byRevision[3]?.event['revision']);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('rpc.flag.snapshot', () => {
  const request = (if_none_match?: string) =>
    rpcRequest(nats, nats.subjects.rpc('flag', 'snapshot'), if_none_match ? { if_none_match } : {}, { requestSchema: flagSnapshotRequestSchema, responseSchema: flagSnapshotResponseSchema });

  it('answers every flag with the revision and etag, and not-modified for the current etag', async () => {
    await onA('POST', '/api/v1/flags', { key: 'snap-flag', enabled: true, strategies: [{ name: 'flexible_rollout', parameters: { rollout: 40, stickiness: 'user_id' } }] });
    // Either instance may answer (queue group); the one that did not write holds the flag once its
    // change event arrives, so the answer must include it within the 1 s propagation bound.
    let answered: FlagSnapshotResponse | undefined;
    await seenWithin(1000, async () => {
      answered = await request();
      expect(answered.modified && answered.flags.some((flag) => flag.key === 'snap-flag')).toBe(true);
    });
    const snapshot = answered;
    if (!snapshot?.modified) throw new Error('expected the full snapshot');
    expect(snapshot.flags.find((flag) => flag.key === 'snap-flag')).toMatchObject({ enabled: true, rollout_percentage: 40, version: 1 });
    expect(snapshot.etag).toBe(`"${snapshot.revision}"`);

    // The instance at that revision answers not-modified for its etag (the other may lag by ms).
    const unchanged = { modified: false, revision: snapshot.revision, etag: snapshot.etag };
    await seenWithin(1000, async () => expect(await request(snapshot.etag)).toEqual(unchanged));

    await onB('PATCH', '/api/v1/flags/snap-flag', { enabled: false });
    await seenWithin(1000, async () => expect((await request(snapshot.etag)).modified).toBe(true));
  });

  it('refuses a malformed request with the error envelope', async () => {
    // The client-side check is bypassed (z.unknown()) so the service's own validation answers.
    const sent = rpcRequest(nats, nats.subjects.rpc('flag', 'snapshot'), { if_none_match: 5 }, { requestSchema: z.unknown(), responseSchema: flagSnapshotResponseSchema });
    await expect(sent).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'if_none_match', message: expect.any(String) }] });
  });
});
