import { Injectable } from '@nestjs/common';
import { enqueueEvent } from '@forecastin/messaging';
import type { EntityManager } from 'typeorm';
import type { EntityEvent } from './entity-events.factory';
import type { EntityWriteResult } from './entity-write.result';

/**
 * Stores a write's event in `entity.outbox` inside the write's own transaction: it is published
 * (by the OutboxRelay of service-definition.ts, in commit order, Nats-Msg-Id = event_id) if and
 * only if the write commits. Ordered per entity (`entity:<id>`), the outbox's default key.
 */
@Injectable()
export class EntityOutbox {
  /** Enqueues the write's one event; the write answers with the event's entity and id (its consistency token). */
  async record(manager: EntityManager, event: EntityEvent): Promise<EntityWriteResult> {
    await enqueueEvent(manager, event);
    return { entity: event.entity, eventId: event.event_id };
  }
}
