import type { z } from 'zod';
import { errorEnvelopeSchema } from '../errors/error-envelope.schema';
import { COMMON_REQUEST_PARAMETERS } from './common-headers';
import { ERROR_ENVELOPE_COMPONENT, errorResponseComponents, headerComponents } from './error-responses';
import type { JsonObject, OpenApiDocument, OpenApiInfo, OpenApiPart } from './openapi-document.types';
import { operationObject } from './operation-object';
import { buildSchemaComponents, responseComponentName, SCHEMA_REF_PREFIX } from './schema-components';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Names every shared and response schema once; unnamed response schemas get their operation's name. */
function nameSchemas(parts: readonly OpenApiPart[]): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>([[errorEnvelopeSchema, ERROR_ENVELOPE_COMPONENT]]);
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part.schemas ?? {})) if (!named.has(schema)) named.set(schema, name);
  }
  for (const part of parts) {
    for (const operation of part.operations) {
      for (const [status, spec] of Object.entries(operation.responses)) {
        const schema = spec && ('_zod' in spec ? spec : spec.schema);
        if (schema && !named.has(schema)) named.set(schema, responseComponentName(operation, Number(status)));
      }
    }
  }
  return named;
}

/** ONE OpenAPI 3.1 document for the whole external API, from every service area's part. */
export function buildOpenApiDocument(parts: readonly OpenApiPart[], info: OpenApiInfo): OpenApiDocument {
  const named = nameSchemas(parts);
  const schemaRef = (schema: z.ZodType): JsonObject => {
    const name = named.get(schema);
    if (name === undefined) throw new Error('response schema was not named');
    return { $ref: `${SCHEMA_REF_PREFIX}${name}` };
  };
  const paths: Record<string, Record<string, JsonObject>> = {};
  const operationIds = new Set<string>();
  for (const operation of parts.flatMap((part) => part.operations)) {
    if (operationIds.has(operation.operationId)) throw new Error(`duplicate operationId ${operation.operationId}`);
    operationIds.add(operation.operationId);
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`duplicate operation ${operation.method.toUpperCase()} ${operation.path}`);
    item[operation.method] = operationObject(operation, schemaRef);
  }
  const { servers, ...infoFields } = info;
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: { ...infoFields },
    ...(servers ? { servers: servers.map((server) => ({ ...server })) } : {}),
    security: [{ bearerAuth: [] }],
    tags: [...new Set(parts.flatMap((part) => part.operations.flatMap((operation) => operation.tags)))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'RS256, ES256 or EdDSA access token with sub, workspace_id, roles, exp, iat, iss, aud, jti.' },
      },
      schemas: buildSchemaComponents(named),
      responses: errorResponseComponents(),
      headers: headerComponents(),
      parameters: { ...COMMON_REQUEST_PARAMETERS },
    },
  };
}
