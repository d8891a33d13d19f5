import type { Point, Polygon, Position } from '@forecastin/contracts';
import type { Prng } from './prng';

/** Where an entity sits: a centre and a radius in degrees. Children are placed inside their parent's area. */
export interface Area {
  readonly lon: number;
  readonly lat: number;
  readonly radius: number;
}

/** Six decimals (~0.1 m): what a client would send, and what JSON and the float8 in EWKB agree on exactly. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** An area of `radius` whose centre is within `spread` × the parent's radius, kept wholly on the map. */
export function areaInside(prng: Prng, parent: Area, spread: number, radius: number): Area {
  const angle = prng.between(0, 2 * Math.PI);
  const distance = parent.radius * spread * Math.sqrt(prng.next());
  return {
    lon: clamp(parent.lon + distance * Math.cos(angle), -180 + radius, 180 - radius),
    lat: clamp(parent.lat + distance * Math.sin(angle), -90 + radius, 90 - radius),
    radius,
  };
}

/**
 * A star-shaped polygon around the area's centre: vertices at strictly increasing angles (so the
 * ring never crosses itself, and runs counter-clockwise as RFC 7946 wants for exterior rings), each
 * at 60-100 % of the radius, closed. Valid for PostGIS (`ST_IsValid`) and for the API's rules.
 */
export function starPolygon(prng: Prng, area: Area): Polygon {
  const vertices = 6 + prng.index(5);
  const ring: Position[] = [];
  for (let i = 0; i < vertices; i += 1) {
    const angle = (2 * Math.PI * (i + prng.between(0.1, 0.9))) / vertices;
    const distance = area.radius * prng.between(0.6, 1);
    ring.push([round6(area.lon + distance * Math.cos(angle)), round6(area.lat + distance * Math.sin(angle))]);
  }
  ring.push(ring[0] as Position);
  return { type: 'Polygon', coordinates: [ring] };
}

export function pointAt(area: Area): Point {
  return { type: 'Point', coordinates: [round6(area.lon), round6(area.lat)] };
}

// EWKB (little-endian, SRID flag set, SRID 4326): what PostGIS parses fastest from COPY's text,
// and exactly the geometry the service derives from the same GeoJSON (ST_GeomFromGeoJSON, 2D, SRID 4326).
const SRID_FLAG = 0x20000000;
const WKB_POINT = 1;
const WKB_POLYGON = 3;
const SRID = 4326;

/** Hex EWKB of a generated Point or Polygon (the only types the seed writes). */
export function ewkbHex(geometry: Point | Polygon): string {
  if (geometry.type === 'Point') {
    const buffer = Buffer.alloc(9 + 16);
    header(buffer, WKB_POINT);
    buffer.writeDoubleLE(geometry.coordinates[0], 9);
    buffer.writeDoubleLE(geometry.coordinates[1], 17);
    return buffer.toString('hex');
  }
  const rings = geometry.coordinates;
  const size = 9 + 4 + rings.reduce((total, ring) => total + 4 + ring.length * 16, 0);
  const buffer = Buffer.alloc(size);
  header(buffer, WKB_POLYGON);
  let offset = buffer.writeUInt32LE(rings.length, 9);
  for (const ring of rings) {
    offset = buffer.writeUInt32LE(ring.length, offset);
    for (const position of ring) {
      offset = buffer.writeDoubleLE(position[0], offset);
      offset = buffer.writeDoubleLE(position[1], offset);
    }
  }
  return buffer.toString('hex');
}

function header(buffer: Buffer, type: number): void {
  buffer.writeUInt8(1, 0); // little-endian
  buffer.writeUInt32LE((type | SRID_FLAG) >>> 0, 1);
  buffer.writeUInt32LE(SRID, 5);
}
