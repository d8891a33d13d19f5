import { z } from 'zod';
import { MAX_GEOMETRY_PARTS, MAX_POSITIONS_PER_LIST, MAX_RINGS_PER_POLYGON } from './geometry-limits.constants';
import { positionSchema, samePosition } from './position.schema';

const MIN_RING_POSITIONS = 4;

function positionList(what: string, min: number) {
  return z
    .array(positionSchema, { error: `${what} must be an array of positions` })
    .min(min, { error: `${what} needs at least ${min} position${min === 1 ? '' : 's'}` })
    .max(MAX_POSITIONS_PER_LIST, { error: `${what} must have at most ${MAX_POSITIONS_PER_LIST} positions` });
}

function partList<T extends z.ZodType>(what: string, part: T) {
  return z
    .array(part, { error: `${what} must be an array` })
    .min(1, { error: `${what} needs at least 1 member` })
    .max(MAX_GEOMETRY_PARTS, { error: `${what} must have at most ${MAX_GEOMETRY_PARTS} members` });
}

export const multiPointCoordinatesSchema = positionList('a MultiPoint', 1);
export const lineStringCoordinatesSchema = positionList('a LineString', 2);
export const multiLineStringCoordinatesSchema = partList('a MultiLineString', lineStringCoordinatesSchema);

/**
 * Rings of one polygon: exterior first, then holes. Ring rules are checked here, one level above the
 * ring, so the message can name the ring (`ring 0 is not closed`) as API.md shows.
 */
export const polygonCoordinatesSchema = z
  .array(positionList('a ring', 0), { error: 'a Polygon must be an array of rings' })
  .min(1, { error: 'a Polygon needs at least 1 ring' })
  .max(MAX_RINGS_PER_POLYGON, { error: `a Polygon must have at most ${MAX_RINGS_PER_POLYGON} rings` })
  .check((ctx) => {
    for (const [index, ring] of ctx.value.entries()) {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < MIN_RING_POSITIONS) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `ring ${index} must have at least ${MIN_RING_POSITIONS} positions`,
        });
      } else if (first === undefined || last === undefined || !samePosition(first, last)) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `ring ${index} is not closed` });
      }
    }
  });

export const multiPolygonCoordinatesSchema = partList('a MultiPolygon', polygonCoordinatesSchema);
