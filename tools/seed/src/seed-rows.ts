import { API_VERSION, type Entity, type EntityCreatedEvent } from '@forecastin/contracts';
import { ewkbHex } from './world-geometry';
import type { SeedEntity } from './world-tree.generator';

/** What every row of one run shares: the tenant, the request the events are correlated with, the time. */
export interface SeedRun {
  readonly workspaceId: string;
  /** correlation_id of the events and their x-request-id header, like a request id of the API. */
  readonly correlationId: string;
  /** created_at = updated_at of every entity and the timestamp of every event. */
  readonly createdAt: string;
}

/** The API resource right after its create: version 1, no children yet (what POST would have answered). */
export function snapshotOf(entity: SeedEntity, run: SeedRun): Entity {
  return {
    id: entity.id,
    name: entity.name,
    key: entity.key,
    entity_type: entity.entityType,
    description: entity.description,
    parent_id: entity.parentId,
    path: entity.path,
    path_depth: entity.depth,
    location: entity.location,
    metadata: entity.metadata,
    confidence_score: entity.confidenceScore,
    children_count: 0,
    version: 1,
    created_at: run.createdAt,
    updated_at: run.createdAt,
  };
}

/**
 * The `entity_created` envelope the API emits for the same create (entity-service's events
 * factory): topic `entity:<id>`, the full snapshot. Built as a typed literal rather than through
 * the zod schema, which would cost more than the whole COPY; `validateSample` checks the shape.
 */
export function createdEvent(entity: SeedEntity, run: SeedRun, eventId: string): EntityCreatedEvent {
  return {
    version: API_VERSION,
    event_id: eventId,
    type: 'entity_created',
    timestamp: run.createdAt,
    correlation_id: run.correlationId,
    workspace_id: run.workspaceId,
    topic: `entity:${entity.id}`,
    entity_id: entity.id,
    entity: snapshotOf(entity, run),
  };
}

/** COPY text format: backslash, tab, newline and carriage return escaped; `\N` is NULL. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (char) => (char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r'));
}

/** Columns of the staging table, in this order (see seed-writer.ts). */
export const STAGING_COLUMNS = ['id', 'parent_id', 'key', 'name', 'entity_type', 'description', 'path', 'location', 'geom', 'metadata', 'confidence_score'] as const;

/** One COPY line (newline-terminated) for an entity. */
export function stagingLine(entity: SeedEntity): string {
  const location = entity.location === null ? null : JSON.stringify(entity.location);
  return [
    entity.id,
    entity.parentId ?? '\\N',
    entity.key,
    copyText(entity.name),
    entity.entityType,
    copyText(entity.description),
    entity.path,
    copyText(location),
    entity.location === null ? '\\N' : ewkbHex(entity.location),
    copyText(JSON.stringify(entity.metadata)),
    entity.confidenceScore === null ? '\\N' : String(entity.confidenceScore),
  ].join('\t') + '\n';
}

/** Columns of an outbox COPY line, in this order: what `enqueueEvent` writes (relay order is the line order). */
export const OUTBOX_COLUMNS = ['event_id', 'subject', 'ordering_key', 'payload', 'headers'] as const;

/** One COPY line for an event's outbox row: ordering key `entity:<id>` (enqueueEvent's default), the envelope, the stored headers. */
export function outboxLine(event: EntityCreatedEvent, subject: string, headersJson: string): string {
  return [event.event_id, copyText(subject), copyText(event.topic), copyText(JSON.stringify(event)), copyText(headersJson)].join('\t') + '\n';
}
