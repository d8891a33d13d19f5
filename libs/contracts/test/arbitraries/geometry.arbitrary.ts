import fc from 'fast-check';
import type { Geometry, Position } from '../../src';

// `+ 0` turns -0 into 0: JSON has no negative zero, so -0 would not survive the round trip.
const coordinate = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((value) => value + 0);

export const longitudeArb = coordinate(-180, 180);
export const latitudeArb = coordinate(-90, 90);

export const positionArb: fc.Arbitrary<Position> = fc.oneof(
  fc.tuple(longitudeArb, latitudeArb),
  fc.tuple(longitudeArb, latitudeArb, coordinate(-10_000, 10_000)),
);

export const lineArb = fc.array(positionArb, { minLength: 2, maxLength: 8 });

/** A closed ring: at least 3 positions, then the first again. */
export const ringArb = fc
  .array(positionArb, { minLength: 3, maxLength: 8 })
  .map((positions): Position[] => [...positions, [...(positions[0] ?? [0, 0])] as Position]);

export const polygonCoordinatesArb = fc.array(ringArb, { minLength: 1, maxLength: 3 });

export const pointArb = positionArb.map((coordinates) => ({ type: 'Point' as const, coordinates }));
export const multiPointArb = fc
  .array(positionArb, { minLength: 1, maxLength: 8 })
  .map((coordinates) => ({ type: 'MultiPoint' as const, coordinates }));
export const lineStringArb = lineArb.map((coordinates) => ({ type: 'LineString' as const, coordinates }));
export const multiLineStringArb = fc
  .array(lineArb, { minLength: 1, maxLength: 3 })
  .map((coordinates) => ({ type: 'MultiLineString' as const, coordinates }));
export const polygonArb = polygonCoordinatesArb.map((coordinates) => ({ type: 'Polygon' as const, coordinates }));
export const multiPolygonArb = fc
  .array(polygonCoordinatesArb, { minLength: 1, maxLength: 3 })
  .map((coordinates) => ({ type: 'MultiPolygon' as const, coordinates }));

export const geometryArb: fc.Arbitrary<Geometry> = fc.oneof(
  pointArb,
  multiPointArb,
  lineStringArb,
  multiLineStringArb,
  polygonArb,
  multiPolygonArb,
);
