import type { Entity } from '@forecastin/contracts';

/** What every write answers with: the entity (after, or last before a delete) and its event's id. */
export interface EntityWriteResult {
  entity: Entity;
  eventId: string;
}
