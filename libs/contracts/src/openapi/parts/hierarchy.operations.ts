import { ErrorCode } from '../../errors/error-code.constants';
import { hierarchyChildrenQuerySchema, hierarchyDescendantsQuerySchema, hierarchyPathParamsSchema, hierarchyReadQuerySchema, hierarchySearchQuerySchema } from '../../hierarchy/hierarchy-queries.schema';
import { hierarchyColumnsSchema, hierarchyStatsSchema } from '../../hierarchy/hierarchy-views.schema';
import { nodeSchema, nodeWithAncestorsSchema } from '../../hierarchy/node.schema';
import { pageSchema } from '../../pagination/page.schema';
import { paginationQuerySchema } from '../../pagination/pagination-query.schema';
import { z } from 'zod';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const nodePageSchema = pageSchema(nodeSchema);
const tags = ['Hierarchy'];
const role = 'viewer' as const;
const byPath = { params: hierarchyPathParamsSchema };

export const hierarchyPart: OpenApiPart = {
  schemas: { Node: nodeSchema, NodePage: nodePageSchema, NodeWithAncestors: nodeWithAncestorsSchema, HierarchyColumns: hierarchyColumnsSchema, HierarchyStats: hierarchyStatsSchema },
  operations: [
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/roots', operationId: 'listHierarchyRoots', summary: 'List root nodes', tags, role,
      request: { query: paginationQuerySchema.extend(hierarchyReadQuerySchema.shape) }, responses: { 200: nodePageSchema }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/nodes/{path}', operationId: 'getHierarchyNode', summary: 'Get a node with its ancestors', tags, role,
      request: { ...byPath, query: hierarchyReadQuerySchema }, responses: { 200: nodeWithAncestorsSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/nodes/{path}/children', operationId: 'listHierarchyChildren', summary: "List a node's children, ordered by key", tags, role,
      request: { ...byPath, query: hierarchyChildrenQuerySchema }, responses: { 200: nodePageSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/nodes/{path}/descendants', operationId: 'listHierarchyDescendants', summary: "List a node's descendants in path order", tags, role,
      request: { ...byPath, query: hierarchyDescendantsQuerySchema }, responses: { 200: nodePageSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/columns/{path}', operationId: 'getHierarchyColumns', summary: 'Miller columns from the root to a node', tags, role,
      request: { ...byPath, query: hierarchyReadQuerySchema }, responses: { 200: hierarchyColumnsSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/search', operationId: 'searchHierarchy', summary: 'Search nodes by name prefix or lquery', tags, role,
      request: { query: hierarchySearchQuerySchema }, responses: { 200: z.object({ items: z.array(nodeSchema) }) }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/hierarchy/stats', operationId: 'getHierarchyStats', summary: 'Node counts, read-model lag and cache hit rates', tags, role,
      responses: { 200: hierarchyStatsSchema }, errors: [],
    }),
  ],
};
