import { z } from 'zod';
import {
  lineStringCoordinatesSchema,
  multiLineStringCoordinatesSchema,
  multiPointCoordinatesSchema,
  multiPolygonCoordinatesSchema,
  polygonCoordinatesSchema,
} from './coordinates.schema';
import { withPositionBudget } from './position-budget';
import { positionSchema } from './position.schema';

export const pointSchema = z.object({ type: z.literal('Point'), coordinates: positionSchema });
export const multiPointSchema = z.object({
  type: z.literal('MultiPoint'),
  coordinates: withPositionBudget(multiPointCoordinatesSchema, 1),
});
export const lineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: withPositionBudget(lineStringCoordinatesSchema, 1),
});
export const multiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: withPositionBudget(multiLineStringCoordinatesSchema, 2),
});
export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: withPositionBudget(polygonCoordinatesSchema, 2),
});
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: withPositionBudget(multiPolygonCoordinatesSchema, 3),
});

export const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;

/** An entity's `location`: one of the six GeoJSON geometry types (no GeometryCollection). */
export const geometrySchema = z.discriminatedUnion(
  'type',
  [pointSchema, multiPointSchema, lineStringSchema, multiLineStringSchema, polygonSchema, multiPolygonSchema],
  { error: `type must be one of ${GEOMETRY_TYPES.join(', ')}` },
);

export type Point = z.infer<typeof pointSchema>;
export type MultiPoint = z.infer<typeof multiPointSchema>;
export type LineString = z.infer<typeof lineStringSchema>;
export type MultiLineString = z.infer<typeof multiLineStringSchema>;
export type Polygon = z.infer<typeof polygonSchema>;
export type MultiPolygon = z.infer<typeof multiPolygonSchema>;
export type Geometry = z.infer<typeof geometrySchema>;
export type GeometryType = Geometry['type'];
