import { randomUUID } from 'node:crypto';
import { consistencyTokenSchema } from '@forecastin/contracts';
import { TcpProxy } from '@forecastin/testing';
import { entityApi } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';
import { eventsWhen, streamEvents } from './support/stream-events';

// The service reaches NATS through a proxy this file cuts: writes must not depend on NATS being up.
let proxy: TcpProxy;
beforeAll(async () => {
  const target = new URL(process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 4222) });
});
const harness = useEntityService(() => ({ natsUrl: proxy.url('nats') }));
// Declared after the service's own afterAll, so the service stops before its NATS path goes away.
afterAll(async () => {
  await proxy.close();
});

it('keeps accepting writes while NATS is cut, then publishes every event exactly once, in order, after it returns', async () => {
  const workspace = randomUUID();
  const api = entityApi(harness, workspace);
  const before = (await streamEvents(harness)).length;
  await proxy.cut();
  const tokens: string[] = [];
  let parent: string | null = null;
  for (let i = 0; i < 20; i += 1) {
    const created = await api.create({ name: `during outage ${i}`, entity_type: 'node', parent_id: parent });
    expect(created.status).toBe(201);
    tokens.push(consistencyTokenSchema.parse(created.headers.get('x-consistency-token')));
    if (i % 5 === 4) parent = created.body.id;
  }
  // Committed and waiting in the outbox, not lost.
  const pending = await harness.sql<{ n: number }>('SELECT count(*)::int AS n FROM entity.outbox');
  expect(pending[0]?.n).toBe(tokens.length);
  await proxy.restore();

  const events = await eventsWhen(harness, (all) => all.length >= before + tokens.length, 30_000);
  expect(events.slice(before).map((stored) => stored.event['event_id'])).toEqual(tokens);
  expect(events).toHaveLength(before + tokens.length);
});
