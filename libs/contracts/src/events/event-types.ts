import { z } from 'zod';
import type { EventAggregate } from '../subjects/subject-names.constants';
import { eventSubject } from '../subjects/subject.builders';
import {
  entityCreatedEventSchema,
  entityDeletedEventSchema,
  entityMovedEventSchema,
  entityUpdatedEventSchema,
} from './entity.events';
import { featureFlagDeletedEventSchema, featureFlagUpdateEventSchema } from './feature-flag-update.event';
import { hierarchyInvalidationEventSchema } from './hierarchy-invalidation.event';
import { layerUpdateEventSchema } from './layer-update.event';
import { scenarioUpdatedEventSchema } from './scenario-updated.event';

/** Every event type of API.md, validated by its own payload schema. */
export const platformEventSchema = z.discriminatedUnion('type', [
  entityCreatedEventSchema,
  entityUpdatedEventSchema,
  entityMovedEventSchema,
  entityDeletedEventSchema,
  hierarchyInvalidationEventSchema,
  layerUpdateEventSchema,
  featureFlagUpdateEventSchema,
  featureFlagDeletedEventSchema,
  scenarioUpdatedEventSchema,
]);

export type PlatformEvent = z.infer<typeof platformEventSchema>;
export type EventType = PlatformEvent['type'];

export const EVENT_TYPES = platformEventSchema.options.map((option) => option.shape.type.value) as readonly EventType[];

/**
 * Where each event type is published on NATS (`evt.<ws>.<aggregate>.<action>`). layer_update has no
 * route: it is a realtime projection of entity events, not something a service publishes.
 */
export const EVENT_ROUTES: Readonly<Partial<Record<EventType, { aggregate: EventAggregate; action: string }>>> = {
  entity_created: { aggregate: 'entity', action: 'created' },
  entity_updated: { aggregate: 'entity', action: 'updated' },
  entity_moved: { aggregate: 'entity', action: 'moved' },
  entity_deleted: { aggregate: 'entity', action: 'deleted' },
  hierarchy_invalidation: { aggregate: 'hierarchy', action: 'invalidated' },
  feature_flag_update: { aggregate: 'flag', action: 'updated' },
  feature_flag_deleted: { aggregate: 'flag', action: 'deleted' },
  scenario_updated: { aggregate: 'scenario', action: 'updated' },
};

/** The subject to publish `event` on; throws for a type that has no route. */
export function eventSubjectFor(event: { type: string; workspace_id: string }, prefix?: string): string {
  // Object.hasOwn: `type` comes off the wire, and `constructor` must not resolve to Object.prototype's.
  const route = Object.hasOwn(EVENT_ROUTES, event.type) ? EVENT_ROUTES[event.type as EventType] : undefined;
  if (!route) throw new TypeError(`event type ${JSON.stringify(event.type)} is not published on NATS`);
  return eventSubject(event.workspace_id, route.aggregate, route.action, prefix);
}
