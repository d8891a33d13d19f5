import { z } from 'zod';
import { ErrorCode } from '../../errors/error-code.constants';
import { flagAuditEntrySchema, killFlagsBodySchema, killFlagsResultSchema } from '../../flags/flag-admin.schema';
import { createFlagBodySchema, flagKeyParamsSchema, flagSchema, replaceFlagBodySchema, updateFlagBodySchema } from '../../flags/flag.schema';
import { pageSchema } from '../../pagination/page.schema';
import { paginationQuerySchema } from '../../pagination/pagination-query.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const flagPageSchema = pageSchema(flagSchema);
const flagAuditPageSchema = pageSchema(flagAuditEntrySchema);
const tags = ['Flags'];
const byKey = { params: flagKeyParamsSchema };
const ifMatch = z.object({ 'If-Match': z.string().optional() });
const cycle = 'A dependency cycle → 409 RESOURCE_CONFLICT.';

export const flagsPart: OpenApiPart = {
  schemas: { Flag: flagSchema, FlagPage: flagPageSchema, FlagAuditPage: flagAuditPageSchema, KillFlagsResult: killFlagsResultSchema },
  operations: [
    defineOperation({
      method: 'post', path: '/api/v1/flags', operationId: 'createFlag', summary: 'Create a flag', description: cycle, tags, role: 'admin',
      request: { body: createFlagBodySchema }, responses: { 201: { description: 'Created.', schema: flagSchema } },
      errors: [ErrorCode.RESOURCE_ALREADY_EXISTS, ErrorCode.RESOURCE_CONFLICT],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/flags', operationId: 'listFlags', summary: 'List flags', tags, role: 'viewer',
      request: { query: paginationQuerySchema }, responses: { 200: flagPageSchema }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/flags/{key}', operationId: 'getFlag', summary: 'Get a flag', tags, role: 'viewer',
      request: byKey, responses: { 200: flagSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'put', path: '/api/v1/flags/{key}', operationId: 'replaceFlag', summary: "Replace a flag's definition", description: cycle, tags, role: 'admin',
      request: { ...byKey, headers: ifMatch, body: replaceFlagBodySchema }, responses: { 200: flagSchema },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_CONFLICT, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'patch', path: '/api/v1/flags/{key}', operationId: 'updateFlag', summary: 'Update a flag (JSON merge patch)', description: cycle, tags, role: 'admin',
      request: { ...byKey, headers: ifMatch, body: updateFlagBodySchema }, responses: { 200: flagSchema },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_CONFLICT, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'delete', path: '/api/v1/flags/{key}', operationId: 'deleteFlag', summary: 'Delete a flag', tags, role: 'admin',
      request: { ...byKey, headers: ifMatch }, responses: { 204: { description: 'Deleted.' } },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.RESOURCE_CONFLICT, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/flags/{key}/audit', operationId: 'listFlagAudit', summary: "A flag's change history", tags, role: 'viewer',
      request: { ...byKey, query: paginationQuerySchema }, responses: { 200: flagAuditPageSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'post', path: '/api/v1/flags/kill', operationId: 'killFlags', summary: 'Disable every flag with a tag (emergency rollback)', tags, role: 'admin',
      request: { body: killFlagsBodySchema }, responses: { 200: killFlagsResultSchema }, errors: [],
    }),
  ],
};
