import type { OperationDefinition } from './define-operation';
import type { z } from 'zod';

/** A JSON value as the document holds it: the builder only emits plain JSON. */
export type JsonObject = { [key: string]: unknown };

/** What one service area contributes: its operations and the named schemas they share. */
export interface OpenApiPart {
  operations: readonly OperationDefinition[];
  /** Component name → schema; operations that use one of these schemas refer to it by `$ref`. */
  schemas?: Readonly<Record<string, z.ZodType>>;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  servers?: readonly { url: string; description?: string }[];
}

export interface OpenApiDocument extends JsonObject {
  openapi: '3.1.1';
  jsonSchemaDialect: string;
  info: JsonObject;
  paths: Record<string, Record<string, JsonObject>>;
  components: JsonObject;
}
