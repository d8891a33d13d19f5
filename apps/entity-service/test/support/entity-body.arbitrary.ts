import fc from 'fast-check';

const lon = fc.double({ min: -180, max: 180, noNaN: true }).map((value) => value + 0);
const lat = fc.double({ min: -90, max: 90, noNaN: true }).map((value) => value + 0);
const position = fc.tuple(lon, lat);

/** A closed ring of random positions: valid GeoJSON, often self-intersecting (the API accepts those). */
const ring = fc.array(position, { minLength: 3, maxLength: 6 }).map((positions) => [...positions, positions[0] ?? [0, 0]]);

/** Geometries the API contract accepts (ranges, closed rings, ≥ 2 line positions), of every type. */
export const validGeometryArb = fc.oneof(
  position.map((coordinates) => ({ type: 'Point', coordinates })),
  fc.tuple(lon, lat, fc.double({ min: -500, max: 9000, noNaN: true })).map((coordinates) => ({ type: 'Point', coordinates })),
  fc.array(position, { minLength: 1, maxLength: 4 }).map((coordinates) => ({ type: 'MultiPoint', coordinates })),
  fc.array(position, { minLength: 2, maxLength: 4 }).map((coordinates) => ({ type: 'LineString', coordinates })),
  fc.array(fc.array(position, { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'MultiLineString', coordinates })),
  fc.array(ring, { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'Polygon', coordinates })),
  fc.array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
);

/** A body the API must accept (keys are random so siblings rarely collide; the caller handles 409s). */
export const validCreateBodyArb = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name.trim().length > 0),
    entity_type: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
    key: fc.stringMatching(/^[a-z0-9_]{8,20}$/),
    description: fc.option(fc.string({ maxLength: 100 }), { nil: null }),
    location: fc.option(validGeometryArb, { nil: null }),
    // Without `__proto__` / `constructor` keys: the JSON parser refuses those (prototype poisoning), tested apart.
    metadata: fc
      .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))
      .filter((metadata) => !/"(__proto__|constructor)"/.test(JSON.stringify(metadata))),
    confidence_score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  },
  { requiredKeys: ['name', 'entity_type'] },
);

const ring3 = [[0, 0], [1, 0], [0, 0]];
const openRing = [[0, 0], [1, 0], [1, 1], [0, 1]];

/** Location values the contract refuses: [value, the field path the error must name (prefix)]. */
export const invalidLocations: Array<[unknown, string]> = [
  [{ type: 'Point', coordinates: [181, 0] }, 'location.coordinates'],
  [{ type: 'Point', coordinates: [0, -90.5] }, 'location.coordinates'],
  [{ type: 'Point', coordinates: [0] }, 'location.coordinates'],
  [{ type: 'Point', coordinates: ['0', '0'] }, 'location.coordinates'],
  [{ type: 'Point', coordinates: [0, 0, 0, 0, 0] }, 'location.coordinates'],
  [{ type: 'LineString', coordinates: [[0, 0]] }, 'location.coordinates'],
  [{ type: 'Polygon', coordinates: [openRing] }, 'location.coordinates'],
  [{ type: 'Polygon', coordinates: [ring3] }, 'location.coordinates'],
  [{ type: 'Polygon', coordinates: [] }, 'location.coordinates'],
  [{ type: 'MultiPolygon', coordinates: [[openRing]] }, 'location.coordinates'],
  [{ type: 'Circle', coordinates: [0, 0] }, 'location'],
  [{ type: 'GeometryCollection', geometries: [] }, 'location'],
  [{ coordinates: [0, 0] }, 'location'],
  [{ type: 'Point' }, 'location.coordinates'],
  ['POINT(0 0)', 'location'],
  [[0, 0], 'location'],
];

/** [field, invalid value] pairs for every writable field, injection attempts included. */
export const invalidFields: Array<[string, unknown]> = [
  ['name', ''],
  ['name', '   '],
  ['name', 'x'.repeat(257)],
  ['name', 42],
  ['name', null],
  ['entity_type', 'Country'],
  ['entity_type', 'a-b'],
  ['entity_type', ''],
  ['entity_type', "city'; DROP TABLE entity.entities; --"],
  ['entity_type', 7],
  ['key', 'Tokyo'],
  ['key', 'asia.japan'],
  ['key', 'a*'],
  ['key', '*{1,}'],
  ['key', 'a|b'],
  ['key', '!a'],
  ['key', 'a@%'],
  ['key', "x'); DROP TABLE entity.entities; --"],
  ['key', ''],
  ['key', 'k'.repeat(64)],
  ['key', 'a b'],
  ['key', null],
  ['description', 'd'.repeat(4097)],
  ['description', 12],
  ['metadata', []],
  ['metadata', 'text'],
  ['metadata', null],
  ['metadata', { blob: 'm'.repeat(70_000) }],
  ['confidence_score', -0.01],
  ['confidence_score', 1.0001],
  ['confidence_score', '0.5'],
  ['confidence_score', true],
];
