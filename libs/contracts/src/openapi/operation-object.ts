import type { z } from 'zod';
import { ERROR_STATUS } from '../errors/error-code.constants';
import { COMMON_RESPONSE_HEADERS } from './common-headers';
import { operationErrors } from './common-errors';
import type { OperationDefinition, ResponseSpec } from './define-operation';
import { errorResponseName } from './error-responses';
import type { JsonObject } from './openapi-document.types';
import { inlineInputSchema } from './schema-components';

type Location = 'path' | 'query' | 'header';

function parametersOf(schema: z.ZodObject | undefined, location: Location): JsonObject[] {
  if (!schema) return [];
  const json = inlineInputSchema(schema);
  const properties = (json['properties'] ?? {}) as Record<string, JsonObject>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const commonHeaderRefs = (): JsonObject =>
  Object.fromEntries(Object.keys(COMMON_RESPONSE_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function successResponse(spec: z.ZodType | ResponseSpec, schemaRef: (schema: z.ZodType) => JsonObject): JsonObject {
  const response: ResponseSpec = 'description' in spec && !('_zod' in spec) ? spec : { description: 'Success.', schema: spec as z.ZodType };
  const headers: JsonObject = commonHeaderRefs();
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    headers[name] = { description: header.description, schema: inlineInputSchema(header.schema) };
  }
  return {
    description: response.description,
    headers,
    ...(response.schema ? { content: { 'application/json': { schema: schemaRef(response.schema) } } } : {}),
  };
}

/** The OpenAPI Operation Object of one definition; `schemaRef` resolves response schemas to components. */
export function operationObject(operation: OperationDefinition, schemaRef: (schema: z.ZodType) => JsonObject): JsonObject {
  const request = operation.request ?? {};
  const responses: JsonObject = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (spec) responses[status] = successResponse(spec, schemaRef);
  }
  for (const status of new Set(operationErrors(operation).map((code) => ERROR_STATUS[code]))) {
    responses[String(status)] = { $ref: `#/components/responses/${errorResponseName(status)}` };
  }
  const roleNote = operation.role ? `Requires role \`${operation.role}\` or higher.` : undefined;
  const description = [operation.description, roleNote].filter((part) => part !== undefined).join('\n\n');
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(description ? { description } : {}),
    tags: [...operation.tags],
    ...(operation.public ? { security: [] } : {}),
    parameters: [
      ...parametersOf(request.params, 'path'),
      ...parametersOf(request.query, 'query'),
      ...parametersOf(request.headers, 'header'),
      ...['RequestId', 'AcceptVersion', 'Traceparent'].map((name) => ({ $ref: `#/components/parameters/${name}` })),
    ],
    ...(request.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: inlineInputSchema(request.body) } } } }
      : {}),
    responses,
  };
}
