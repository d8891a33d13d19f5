import fc from 'fast-check';
import {
  geometryArb,
  latitudeArb,
  lineStringArb,
  longitudeArb,
  multiPolygonArb,
  polygonArb,
} from '../../test/arbitraries/geometry.arbitrary';
import { featureSchema } from './feature.schema';
import { geometrySchema } from './geometry.schema';
import type { Position } from './position.schema';

function issuesOf(value: unknown): Array<{ path: string; message: string }> {
  const result = geometrySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('geometry properties', () => {
  it('valid geometries parse and survive a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(geometryArb, (geometry) => {
        const wire = JSON.parse(JSON.stringify(geometry)) as unknown;
        expect(geometrySchema.parse(wire)).toEqual(geometry);
      }),
      { numRuns: 100 },
    );
  });

  it('valid geometries inside a Feature parse unchanged', () => {
    fc.assert(
      fc.property(geometryArb, fc.string(), (geometry, name) => {
        const feature = { type: 'Feature' as const, id: name || 'f', geometry, properties: { name } };
        expect(featureSchema.parse(JSON.parse(JSON.stringify(feature)))).toEqual(feature);
      }),
      { numRuns: 50 },
    );
  });

  it('opening any ring of a polygon is reported for that ring', () => {
    fc.assert(
      fc.property(polygonArb, fc.nat(), fc.double({ min: 0.001, max: 1, noNaN: true }), (polygon, pick, shift) => {
        const ringIndex = pick % polygon.coordinates.length;
        const rings = polygon.coordinates.map((ring) => ring.map((position) => [...position] as Position));
        const ring = rings[ringIndex] ?? [];
        const last = ring[ring.length - 1] ?? [0, 0];
        // Move the closing position without leaving the valid range.
        last[0] = last[0] > 0 ? last[0] - shift : last[0] + shift;
        expect(issuesOf({ type: 'Polygon', coordinates: rings })).toContainEqual({
          path: 'coordinates',
          message: `ring ${ringIndex} is not closed`,
        });
      }),
    );
  });

  it('an out-of-range coordinate anywhere is reported at its exact path', () => {
    const outOfRange = fc.oneof(
      fc.tuple(fc.constant(0), fc.double({ min: 180, max: 1e9, noNaN: true, minExcluded: true })),
      fc.tuple(fc.constant(0), fc.double({ min: -1e9, max: -180, noNaN: true, maxExcluded: true })),
      fc.tuple(fc.constant(1), fc.double({ min: 90, max: 1e9, noNaN: true, minExcluded: true })),
      fc.tuple(fc.constant(1), fc.double({ min: -1e9, max: -90, noNaN: true, maxExcluded: true })),
      fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)),
    );
    fc.assert(
      fc.property(lineStringArb, fc.nat(), outOfRange, (line, pick, [axis, value]) => {
        const index = pick % line.coordinates.length;
        const coordinates = line.coordinates.map((position) => [...position]);
        const position = coordinates[index] ?? [];
        position[axis] = value;
        const issues = issuesOf({ type: 'LineString', coordinates });
        expect(issues).toHaveLength(1);
        expect(issues[0]?.path).toBe(`coordinates.${index}.${axis}`);
        expect(issues[0]?.message).toMatch(axis === 0 ? /^longitude must be/ : /^latitude must be/);
      }),
    );
  });

  it('lines shorter than 2 positions are rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(longitudeArb, latitudeArb), { maxLength: 1 }), (coordinates) => {
        expect(issuesOf({ type: 'LineString', coordinates })).toEqual([
          { path: 'coordinates', message: 'a LineString needs at least 2 positions' },
        ]);
      }),
    );
  });

  it('dropping the closing position of a multipolygon ring is reported for that polygon', () => {
    fc.assert(
      fc.property(multiPolygonArb, fc.nat(), (multiPolygon, pick) => {
        const polygonIndex = pick % multiPolygon.coordinates.length;
        const coordinates = multiPolygon.coordinates.map((rings, index) =>
          index === polygonIndex ? rings.map((ring, ringIndex) => (ringIndex === 0 ? ring.slice(0, -1) : ring)) : rings,
        );
        const truncated = coordinates[polygonIndex]?.[0] ?? [];
        // A ring of repeated positions can still be closed after losing one: not a mutation.
        fc.pre(truncated.length < 4 || JSON.stringify(truncated[0]) !== JSON.stringify(truncated[truncated.length - 1]));
        const issues = issuesOf({ type: 'MultiPolygon', coordinates });
        expect(issues.length).toBeGreaterThan(0);
        expect(issues.every((issue) => issue.path === `coordinates.${polygonIndex}`)).toBe(true);
        expect(issues[0]?.message).toMatch(/^ring 0 (is not closed|must have at least 4 positions)$/);
      }),
    );
  });
});
