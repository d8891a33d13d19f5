import { randomUUID } from 'node:crypto';
import {
  consistencyTokenSchema,
  entityMovedEventSchema,
  platformEventSchema,
  type EntityDeletedEvent,
  type EntityMovedEvent,
} from '@forecastin/contracts';
import { entityApi, mustCreate } from './support/entity-api';
import { useEntityService } from './support/entity-service.harness';
import { eventsWhen } from './support/stream-events';

const harness = useEntityService();

describe('entity events through the outbox', () => {
  it('publishes one contract-valid event per write, in order, with Nats-Msg-Id = event_id = the consistency token', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const tokens: string[] = [];
    const track = <T extends { headers: Headers }>(response: T): T => {
      tokens.push(consistencyTokenSchema.parse(response.headers.get('x-consistency-token')));
      return response;
    };
    const world = track(await api.create({ name: 'World', entity_type: 'region' })).body;
    const asia = track(await api.create({ name: 'Asia', entity_type: 'region', parent_id: world.id })).body;
    const japan = track(await api.create({ name: 'Japan', entity_type: 'country', parent_id: asia.id })).body;
    const europe = track(await api.create({ name: 'Europe', entity_type: 'region', parent_id: world.id })).body;
    track(await api.patch(japan.id, { description: 'islands' }));
    track(await api.patch(asia.id, { key: 'east_asia' }));
    track(await api.move(japan.id, europe.id));
    track(await api.remove(world.id, '?cascade=true'));

    const events = await eventsWhen(harness, (all) => all.length >= tokens.length);
    expect(events).toHaveLength(tokens.length);
    const parsed = events.map(({ event }) => platformEventSchema.parse(event));
    expect(parsed.map((event) => event.event_id)).toEqual(tokens);
    expect(events.map((stored) => stored.msgId)).toEqual(tokens);
    expect(parsed.map((event) => event.type)).toEqual([
      'entity_created', 'entity_created', 'entity_created', 'entity_created', 'entity_updated', 'entity_moved', 'entity_moved', 'entity_deleted',
    ]);
    const actions = ['created', 'created', 'created', 'created', 'updated', 'moved', 'moved', 'deleted'];
    expect(events.map((stored) => stored.subject)).toEqual(actions.map((action) => `${harness.natsPrefix}.evt.${workspace}.entity.${action}`));
    for (const event of parsed) {
      expect(event.workspace_id).toBe(workspace);
      if ('entity_id' in event) expect(event.topic).toBe(`entity:${event.entity_id}`);
    }

    const rename = entityMovedEventSchema.parse(parsed[5]);
    expect(rename).toMatchObject({ entity_id: asia.id, previous_path: 'world.asia', previous_parent_id: world.id, subtree_size: 2 });
    expect(rename.entity).toMatchObject({ path: 'world.east_asia', key: 'east_asia', version: 2, children_count: 1 });
    const move = parsed[6] as EntityMovedEvent;
    expect(move).toMatchObject({ entity_id: japan.id, previous_path: 'world.east_asia.japan', previous_parent_id: asia.id, subtree_size: 1 });
    expect(move.entity).toMatchObject({ path: 'world.europe.japan', parent_id: europe.id, description: 'islands' });
    const deleted = parsed[7] as EntityDeletedEvent;
    expect(deleted).toMatchObject({ entity_id: world.id, subtree_size: 4 });
    expect(deleted.entity).toMatchObject({ path: 'world', children_count: 2 });
  });

  it('correlates events with the request id, and a refused write publishes nothing', async () => {
    const workspace = randomUUID();
    const api = entityApi(harness, workspace);
    const before = (await eventsWhen(harness, () => true)).length;
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const created = await harness.request('POST', '/api/v1/entities', { workspace, body: { name: 'Solo', entity_type: 'city' }, headers: { 'x-request-id': requestId } });
    expect(created.status).toBe(201);
    expect((await api.create({ name: 'Solo', entity_type: 'city' })).status).toBe(409);
    expect((await api.patch(randomUUID(), { name: 'x' })).status).toBe(404);
    const marker = await mustCreate(api, { name: 'Marker', entity_type: 'city' });
    const events = await eventsWhen(harness, (all) => all.some((stored) => stored.event['entity_id'] === marker.id));
    const mine = events.slice(before).filter((stored) => stored.event['workspace_id'] === workspace);
    expect(mine.map((stored) => stored.event['type'])).toEqual(['entity_created', 'entity_created']);
    expect(mine[0]?.event['correlation_id']).toBe(requestId);
    expect(mine[0]?.requestId).toBe(requestId);
  });
});
