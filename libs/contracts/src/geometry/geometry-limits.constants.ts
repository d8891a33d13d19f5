// Caps keep validation cost and error lists bounded whatever the body holds.
/** Positions in one LineString, ring, or MultiPoint. */
export const MAX_POSITIONS_PER_LIST = 10_000;
/** Rings in one Polygon (1 exterior + holes). */
export const MAX_RINGS_PER_POLYGON = 256;
/** Members of a MultiLineString or MultiPolygon. */
export const MAX_GEOMETRY_PARTS = 1_000;
/** Positions in a whole geometry, counted before anything else is validated. */
export const MAX_GEOMETRY_POSITIONS = 100_000;
