import type { Entity, Geometry } from '@forecastin/contracts';

/** One row as `ENTITY_COLUMNS` selects it (pg parses json/jsonb; timestamps arrive as Date). */
export interface EntityRow {
  id: string;
  name: string;
  key: string;
  entity_type: string;
  description: string | null;
  parent_id: string | null;
  path: string;
  path_depth: number;
  location: Geometry | null;
  metadata: Record<string, unknown>;
  confidence_score: number | null;
  children_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The API resource of a row: the only shape that leaves the service (never the row itself). */
export function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    entity_type: row.entity_type,
    description: row.description,
    parent_id: row.parent_id,
    path: row.path,
    path_depth: row.path_depth,
    location: row.location,
    metadata: row.metadata,
    confidence_score: row.confidence_score,
    children_count: row.children_count,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
