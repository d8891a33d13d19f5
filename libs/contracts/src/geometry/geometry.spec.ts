import { MAX_GEOMETRY_POSITIONS, MAX_POSITIONS_PER_LIST } from './geometry-limits.constants';
import { geometrySchema } from './geometry.schema';

function problems(value: unknown): Array<[string, string]> {
  const result = geometrySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('geometrySchema', () => {
  it.each([
    { type: 'Point', coordinates: [139.69, 35.68] },
    { type: 'Point', coordinates: [-180, -90, 12.5] },
    { type: 'MultiPoint', coordinates: [[0, 0]] },
    { type: 'LineString', coordinates: [[0, 0], [180, 90]] },
    { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3, 4]]] },
    { type: 'Polygon', coordinates: [square] },
    { type: 'MultiPolygon', coordinates: [[square], [square, square]] },
  ])('accepts a valid $type', (geometry) => {
    expect(geometrySchema.parse(geometry)).toEqual(geometry);
  });

  it('names an open ring at the coordinates, as API.md shows', () => {
    const open = [[0, 0], [1, 0], [1, 1], [0, 1]];
    expect(problems({ type: 'Polygon', coordinates: [square, open] })).toEqual([['coordinates', 'ring 1 is not closed']]);
    expect(problems({ type: 'MultiPolygon', coordinates: [[square], [open]] })).toEqual([['coordinates.1', 'ring 0 is not closed']]);
  });

  it('treats a ring whose ends differ only in altitude as open', () => {
    const ring = [[0, 0, 1], [1, 0], [1, 1], [0, 0, 2]];
    expect(problems({ type: 'Polygon', coordinates: [ring] })).toEqual([['coordinates', 'ring 0 is not closed']]);
  });

  it('requires 4 positions per ring and 2 per line', () => {
    expect(problems({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] })).toEqual([
      ['coordinates', 'ring 0 must have at least 4 positions'],
    ]);
    expect(problems({ type: 'LineString', coordinates: [[0, 0]] })).toEqual([['coordinates', 'a LineString needs at least 2 positions']]);
    expect(problems({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[0, 0]]] })).toEqual([
      ['coordinates.1', 'a LineString needs at least 2 positions'],
    ]);
    expect(problems({ type: 'Polygon', coordinates: [] })).toEqual([['coordinates', 'a Polygon needs at least 1 ring']]);
  });

  it('bounds longitude and latitude, pointing at the offending number', () => {
    expect(problems({ type: 'Point', coordinates: [180.0001, 0] })).toEqual([['coordinates.0', 'longitude must be within [-180, 180]']]);
    expect(problems({ type: 'LineString', coordinates: [[0, 0], [0, -90.5]] })).toEqual([
      ['coordinates.1.1', 'latitude must be within [-90, 90]'],
    ]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %p coordinates', (bad) => {
    expect(problems({ type: 'Point', coordinates: [bad, 0] })).toEqual([['coordinates.0', 'longitude must be a finite number']]);
    expect(problems({ type: 'Point', coordinates: [0, 0, bad] })).toEqual([['coordinates.2', 'altitude must be a finite number']]);
  });

  it('rejects positions of the wrong arity and non-numeric coordinates', () => {
    const arity = 'a position must be [longitude, latitude] or [longitude, latitude, altitude]';
    expect(problems({ type: 'Point', coordinates: [1] })).toEqual([['coordinates', arity]]);
    expect(problems({ type: 'Point', coordinates: [1, 2, 3, 4] })).toEqual([['coordinates', arity]]);
    expect(problems({ type: 'Point', coordinates: ['1', 2] })).toEqual([['coordinates.0', 'longitude must be a finite number']]);
  });

  it('rejects unknown types on the type field', () => {
    expect(problems({ type: 'GeometryCollection', geometries: [] })[0]?.[0]).toBe('type');
    expect(problems({ type: 'point', coordinates: [0, 0] })[0]?.[0]).toBe('type');
    expect(problems('POINT(0 0)').length).toBeGreaterThan(0);
  });

  it('caps list sizes and the whole geometry before validating positions', () => {
    const longLine = Array.from({ length: MAX_POSITIONS_PER_LIST + 1 }, (_, i) => [i % 180, 0]);
    expect(problems({ type: 'LineString', coordinates: longLine })).toEqual([
      ['coordinates', `a LineString must have at most ${MAX_POSITIONS_PER_LIST} positions`],
    ]);
    // Every position is invalid: a single issue proves none of them was validated.
    const line = Array.from({ length: 5_000 }, () => [999, 999]);
    const huge = Array.from({ length: MAX_GEOMETRY_POSITIONS / 5_000 + 1 }, () => line);
    expect(problems({ type: 'MultiLineString', coordinates: huge })).toEqual([
      ['coordinates', `a geometry must have at most ${MAX_GEOMETRY_POSITIONS} positions`],
    ]);
  });
});
