function entityColumns(childrenCount: string): string {
  return `
  e.id, e.name, e.key, e.entity_type, e.description, e.parent_id, e.path::text AS path, e.path_depth,
  e.location, e.metadata, e.confidence_score, ${childrenCount} AS children_count,
  e.version, e.created_at, e.updated_at`;
}

/**
 * The columns of an `Entity`, selected from `entities e`. `children_count` is counted per row
 * through the (workspace_id, parent_id) index instead of being stored (see the migration).
 */
export const ENTITY_COLUMNS = entityColumns(
  '(SELECT count(*)::int FROM entities c WHERE c.workspace_id = e.workspace_id AND c.parent_id = e.id)',
);

/** `ENTITY_COLUMNS` of a row inserted by the statement itself: nothing can reference it yet, so no count is run. */
export const NEW_ENTITY_COLUMNS = entityColumns('0');

/**
 * The indexed geometry of a GeoJSON text parameter: 2D (the column has no Z), SRID 4326, and made
 * valid, so `ST_Intersects` never raises on a bow-tie ring that the API contract lets clients send.
 */
export function geometryFromGeoJson(parameter: string): string {
  return `CASE WHEN ${parameter}::text IS NULL THEN NULL
    ELSE public.ST_MakeValid(public.ST_SetSRID(public.ST_Force2D(public.ST_GeomFromGeoJSON(${parameter}::text)), 4326)) END`;
}
