import { ErrorCode } from '../../errors/error-code.constants';
import { observationBatchBodySchema, observationBatchResultSchema, observationListQuerySchema, observationSchema } from '../../observations/observation.schema';
import { pageSchema } from '../../pagination/page.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const observationPageSchema = pageSchema(observationSchema);
const tags = ['Observations'];

export const observationsPart: OpenApiPart = {
  schemas: { Observation: observationSchema, ObservationPage: observationPageSchema, ObservationBatchResult: observationBatchResultSchema },
  operations: [
    defineOperation({
      method: 'post', path: '/api/v1/observations', operationId: 'upsertObservations', summary: 'Upsert a batch of observations', tags, role: 'analyst',
      description: 'At most 10,000 points; upsert by (entity, metric, t).',
      request: { body: observationBatchBodySchema }, responses: { 200: observationBatchResultSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/observations', operationId: 'listObservations', summary: 'List observations', tags, role: 'viewer',
      request: { query: observationListQuerySchema }, responses: { 200: observationPageSchema }, errors: [],
    }),
  ],
};
