import { Injectable } from '@nestjs/common';
import { enqueueEvent } from '@forecastin/messaging';
import type { EntityManager } from 'typeorm';
import type { EntityEvent } from './entity-events.factory';

/**
 * Stores a write's event in `entity.outbox` inside the write's own transaction: it is published
 * (by the OutboxRelay started in main.ts, in commit order, Nats-Msg-Id = event_id) if and only if
 * the write commits. Ordered per entity (`entity:<id>`), the outbox's default key.
 */
@Injectable()
export class EntityOutbox {
  async enqueue(manager: EntityManager, event: EntityEvent): Promise<void> {
    await enqueueEvent(manager, event);
  }
}
