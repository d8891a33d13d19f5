import { z } from 'zod';
import { flagKeyParamsSchema } from '../../flags/flag.schema';
import { ofrepBulkEvaluationSchema, ofrepEvaluateBodySchema, ofrepEvaluationFailureSchema, ofrepEvaluationSchema } from '../../ofrep/ofrep.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const tags = ['OFREP'];
const filled = "The caller's sub, workspace_id and roles fill the context fields the request does not set.";

export const ofrepPart: OpenApiPart = {
  schemas: { OfrepEvaluation: ofrepEvaluationSchema, OfrepEvaluationFailure: ofrepEvaluationFailureSchema, OfrepBulkEvaluation: ofrepBulkEvaluationSchema },
  operations: [
    defineOperation({
      method: 'post', path: '/ofrep/v1/evaluate/flags/{key}', operationId: 'ofrepEvaluateFlag', summary: 'Evaluate one flag (OpenFeature Remote Evaluation Protocol)', description: filled, tags, role: 'viewer',
      request: { params: flagKeyParamsSchema, body: ofrepEvaluateBodySchema },
      responses: { 200: ofrepEvaluationSchema, 404: { description: 'Unknown flag: `{key, errorCode: "FLAG_NOT_FOUND"}`.', schema: ofrepEvaluationFailureSchema } },
      errors: [],
    }),
    defineOperation({
      method: 'post', path: '/ofrep/v1/evaluate/flags', operationId: 'ofrepEvaluateFlags', summary: 'Evaluate every flag', description: filled, tags, role: 'viewer',
      request: { body: ofrepEvaluateBodySchema, headers: z.object({ 'If-None-Match': z.string().optional() }) },
      responses: { 200: { description: 'Every flag.', schema: ofrepBulkEvaluationSchema, headers: { ETag: { description: 'Pass as If-None-Match.', schema: z.string() } } }, 304: { description: 'Not modified.' } },
      errors: [],
    }),
  ],
};
