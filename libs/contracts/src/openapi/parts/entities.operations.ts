import { z } from 'zod';
import { createEntityBodySchema, moveEntityBodySchema, updateEntityBodySchema } from '../../entities/entity-bodies.schema';
import { deleteEntityQuerySchema, entityIdParamsSchema, entityListQuerySchema } from '../../entities/entity-queries.schema';
import { entitySchema } from '../../entities/entity.schema';
import { ErrorCode } from '../../errors/error-code.constants';
import { geometrySchema } from '../../geometry/geometry.schema';
import { pageSchema } from '../../pagination/page.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const entityPageSchema = pageSchema(entitySchema);
const tags = ['Entities'];
const text = z.string();
const etag = { ETag: { description: 'The entity version, for If-Match / If-None-Match.', schema: text } };
const consistency = { 'X-Consistency-Token': { description: 'Pass as ?consistency_token= to a hierarchy read to see this write.', schema: text } };
const ifMatch = z.object({ 'If-Match': z.string().optional() });
const entity = { description: 'The entity.', schema: entitySchema, headers: { ...etag, ...consistency } };

export const entitiesPart: OpenApiPart = {
  schemas: { Entity: entitySchema, EntityPage: entityPageSchema, Geometry: geometrySchema },
  operations: [
    defineOperation({
      method: 'post', path: '/api/v1/entities', operationId: 'createEntity', summary: 'Create an entity', tags, role: 'analyst',
      request: { body: createEntityBodySchema, headers: z.object({ 'Idempotency-Key': z.string().max(256).optional() }) },
      description: 'A retry with the same Idempotency-Key and body returns the first answer (`Idempotent-Replayed: true`); the same key with another body → 409 RESOURCE_CONFLICT.',
      responses: {
        201: {
          ...entity,
          description: 'Created.',
          headers: {
            ...entity.headers,
            Location: { description: 'URL of the new entity.', schema: text },
            'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.', schema: text },
          },
        },
      },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_ALREADY_EXISTS, ErrorCode.RESOURCE_CONFLICT],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/entities/{id}', operationId: 'getEntity', summary: 'Get an entity', tags, role: 'viewer',
      request: { params: entityIdParamsSchema, headers: z.object({ 'If-None-Match': z.string().optional() }) },
      responses: { 200: { description: 'The entity.', schema: entitySchema, headers: etag }, 304: { description: 'Not modified.', headers: etag } },
      errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/entities', operationId: 'listEntities', summary: 'List entities', tags, role: 'viewer',
      description: 'Filters by type, parent, subtree (`path`), bounding box and name; paginated.',
      request: { query: entityListQuerySchema },
      responses: { 200: entityPageSchema },
      errors: [],
    }),
    defineOperation({
      method: 'patch', path: '/api/v1/entities/{id}', operationId: 'updateEntity', summary: 'Update an entity (JSON merge patch)', tags, role: 'analyst',
      description: 'A new `key` renames the paths of the whole subtree. Also accepted as `application/merge-patch+json`; `metadata` merges recursively (RFC 7396).',
      request: { params: entityIdParamsSchema, headers: ifMatch, body: updateEntityBodySchema },
      responses: { 200: entity },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_ALREADY_EXISTS, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'post', path: '/api/v1/entities/{id}/move', operationId: 'moveEntity', summary: 'Move an entity under another parent', tags, role: 'analyst',
      description: 'Moving under itself or a descendant → 409 RESOURCE_CONFLICT.',
      request: { params: entityIdParamsSchema, headers: ifMatch, body: moveEntityBodySchema },
      responses: { 200: entity },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_CONFLICT, ErrorCode.RESOURCE_ALREADY_EXISTS, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'delete', path: '/api/v1/entities/{id}', operationId: 'deleteEntity', summary: 'Delete an entity', tags, role: 'analyst',
      description: 'An entity with children → 409 unless `cascade=true`.',
      request: { params: entityIdParamsSchema, query: deleteEntityQuerySchema, headers: ifMatch },
      responses: { 204: { description: 'Deleted.', headers: consistency } },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_CONFLICT, ErrorCode.PRECONDITION_FAILED],
    }),
  ],
};
