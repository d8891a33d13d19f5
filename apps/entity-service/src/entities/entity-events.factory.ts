import { randomUUID } from 'node:crypto';
import {
  createEventEnvelope,
  entityCreatedEventSchema,
  entityDeletedEventSchema,
  entityMovedEventSchema,
  entityUpdatedEventSchema,
  type Entity,
  type EntityCreatedEvent,
  type EntityDeletedEvent,
  type EntityMovedEvent,
  type EntityUpdatedEvent,
} from '@forecastin/contracts';

export type EntityEvent = EntityCreatedEvent | EntityUpdatedEvent | EntityMovedEvent | EntityDeletedEvent;

/** Who caused a write: the workspace, and the request id the event is correlated with. */
export interface WriteOrigin {
  workspaceId: string;
  requestId: string;
}

function envelope(origin: WriteOrigin, entity: Entity) {
  return { workspace_id: origin.workspaceId, correlation_id: origin.requestId, topic: `entity:${entity.id}`, entity_id: entity.id, entity };
}

// Each builder validates against the contract (createEventEnvelope parses), so a write whose event
// would break the consumers' schema fails inside its transaction instead of poisoning the stream.
const options = () => ({ eventId: randomUUID() });

export function entityCreated(origin: WriteOrigin, entity: Entity): EntityCreatedEvent {
  return createEventEnvelope(entityCreatedEventSchema, envelope(origin, entity), options());
}

export function entityUpdated(origin: WriteOrigin, entity: Entity): EntityUpdatedEvent {
  return createEventEnvelope(entityUpdatedEventSchema, envelope(origin, entity), options());
}

/** A move or a key rename: one event for the subtree's root. */
export function entityMoved(
  origin: WriteOrigin,
  entity: Entity,
  previous: { path: string; parentId: string | null; subtreeSize: number },
): EntityMovedEvent {
  return createEventEnvelope(
    entityMovedEventSchema,
    { ...envelope(origin, entity), previous_path: previous.path, previous_parent_id: previous.parentId, subtree_size: previous.subtreeSize },
    options(),
  );
}

export function entityDeleted(origin: WriteOrigin, entity: Entity, subtreeSize: number): EntityDeletedEvent {
  return createEventEnvelope(entityDeletedEventSchema, { ...envelope(origin, entity), subtree_size: subtreeSize }, options());
}
