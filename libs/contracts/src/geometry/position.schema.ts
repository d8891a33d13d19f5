import { z } from 'zod';

function coordinate(name: string, min: number, max: number) {
  const range = { error: `${name} must be within [${min}, ${max}]` };
  return z.number({ error: `${name} must be a finite number` }).min(min, range).max(max, range);
}

export const longitudeSchema = coordinate('longitude', -180, 180);
export const latitudeSchema = coordinate('latitude', -90, 90);
export const altitudeSchema = z.number({ error: 'altitude must be a finite number' });

/** `[lon, lat]` or `[lon, lat, alt]` (RFC 7946 order: longitude first). */
export const positionSchema = z.tuple([longitudeSchema, latitudeSchema, altitudeSchema.optional()], {
  error: 'a position must be [longitude, latitude] or [longitude, latitude, altitude]',
});

export type Position = z.infer<typeof positionSchema>;

export function samePosition(a: Position, b: Position): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
