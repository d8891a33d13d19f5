import { z } from 'zod';
import { readinessSchema } from '../../health/readiness.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const tags = ['Health and docs'];
const liveSchema = z.object({ status: z.literal('alive') });

export const healthPart: OpenApiPart = {
  schemas: { Readiness: readinessSchema },
  operations: [
    defineOperation({
      method: 'get', path: '/health/live', operationId: 'getLiveness', summary: 'The gateway process answers', tags, public: true,
      responses: { 200: liveSchema }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/health/ready', operationId: 'getReadiness', summary: "Readiness, with each upstream's state and breaker", tags, public: true,
      description: 'Not ready → 503 with the same body plus an error envelope.',
      responses: { 200: readinessSchema }, errors: ['SERVICE_UNAVAILABLE'],
    }),
    defineOperation({
      method: 'get', path: '/api/docs/openapi.json', operationId: 'getOpenApiDocument', summary: 'This OpenAPI 3.1 document', tags, public: true,
      responses: { 200: { description: 'The document.', schema: z.record(z.string(), z.unknown()) }, 304: { description: 'Not modified (If-None-Match).' } }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/api/docs', operationId: 'getApiDocsPage', summary: 'Interactive API reference (HTML)', tags, public: true,
      responses: { 200: { description: 'An HTML page.' } }, errors: [],
    }),
  ],
};
