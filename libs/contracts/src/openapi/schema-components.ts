import { z } from 'zod';
import type { OperationDefinition } from './define-operation';
import type { JsonObject } from './openapi-document.types';

export const SCHEMA_REF_PREFIX = '#/components/schemas/';

const TARGET = 'draft-2020-12';

/** The JSON Schema of `schema` without the per-document keywords OpenAPI keeps at the root. */
function stripRootKeywords(json: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = json;
  return rest;
}

/** A request-side schema inline, in input mode: what a client may send (defaults optional). */
export function inlineInputSchema(schema: z.ZodType): JsonObject {
  return stripRootKeywords(z.toJSONSchema(schema, { target: TARGET, io: 'input' }) as JsonObject);
}

function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** Name under which an operation's unnamed response schema is published. */
export function responseComponentName(operation: OperationDefinition, status: number): string {
  return `${pascal(operation.operationId)}${status === 200 ? '' : status}Response`;
}

/**
 * Converts every named schema in one pass, so shared ones (Geometry inside Entity inside a Page)
 * become `$ref`s to components.schemas instead of copies. Response schemas are output mode: what
 * the server actually sends.
 */
export function buildSchemaComponents(named: ReadonlyMap<z.ZodType, string>): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const seen = new Set<string>();
  for (const [schema, id] of named) {
    if (seen.has(id)) throw new Error(`two schemas are named ${id}`);
    seen.add(id);
    registry.add(schema, { id });
  }
  const converted = z.toJSONSchema(registry, { target: TARGET, io: 'output', uri: (id) => `${SCHEMA_REF_PREFIX}${id}` });
  const components: Record<string, JsonObject> = {};
  for (const [id, json] of Object.entries(converted.schemas)) components[id] = stripRootKeywords(json as JsonObject);
  return components;
}
