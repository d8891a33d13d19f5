import { z } from 'zod';
import { ErrorCode } from '../../errors/error-code.constants';
import { pageSchema } from '../../pagination/page.schema';
import { scenarioAnalysisSchema, scenarioValidationResultSchema } from '../../scenarios/scenario-analysis.schema';
import { createScenarioBodySchema, forkScenarioBodySchema, scenarioIdParamsSchema, scenarioListQuerySchema, updateScenarioBodySchema } from '../../scenarios/scenario-requests.schema';
import { scenarioSchema } from '../../scenarios/scenario.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const scenarioPageSchema = pageSchema(scenarioSchema);
const tags = ['Scenarios'];
const etag = { ETag: { description: 'The scenario version, for If-Match / If-None-Match.', schema: z.string() } };
const ifMatch = z.object({ 'If-Match': z.string().optional() });
const byId = { params: scenarioIdParamsSchema };
const scenario = { description: 'The scenario.', schema: scenarioSchema, headers: etag };

export const scenariosPart: OpenApiPart = {
  schemas: { Scenario: scenarioSchema, ScenarioPage: scenarioPageSchema, ScenarioAnalysis: scenarioAnalysisSchema, ScenarioValidationResult: scenarioValidationResultSchema },
  operations: [
    defineOperation({
      method: 'post', path: '/api/v1/scenarios', operationId: 'createScenario', summary: 'Create a scenario', tags, role: 'analyst',
      request: { body: createScenarioBodySchema, headers: z.object({ 'Idempotency-Key': z.string().max(256).optional() }) },
      responses: { 201: { ...scenario, description: 'Created.', headers: { ...etag, Location: { description: 'URL of the new scenario.', schema: z.string() } } } },
      errors: [ErrorCode.RESOURCE_ALREADY_EXISTS],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/scenarios', operationId: 'listScenarios', summary: 'List scenarios', tags, role: 'viewer',
      request: { query: scenarioListQuerySchema }, responses: { 200: scenarioPageSchema }, errors: [],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/scenarios/{id}', operationId: 'getScenario', summary: 'Get a scenario', tags, role: 'viewer',
      request: { ...byId, headers: z.object({ 'If-None-Match': z.string().optional() }) },
      responses: { 200: scenario, 304: { description: 'Not modified.' } }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'patch', path: '/api/v1/scenarios/{id}', operationId: 'updateScenario', summary: 'Update a scenario (JSON merge patch)', tags, role: 'analyst',
      request: { ...byId, headers: ifMatch, body: updateScenarioBodySchema }, responses: { 200: scenario },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.PRECONDITION_FAILED, ErrorCode.RESOURCE_CONFLICT],
    }),
    defineOperation({
      method: 'delete', path: '/api/v1/scenarios/{id}', operationId: 'deleteScenario', summary: 'Delete a scenario', tags, role: 'analyst',
      request: { ...byId, headers: ifMatch }, responses: { 204: { description: 'Deleted.' } },
      errors: [ErrorCode.RESOURCE_NOT_FOUND, ErrorCode.PRECONDITION_FAILED],
    }),
    defineOperation({
      method: 'post', path: '/api/v1/scenarios/{id}/fork', operationId: 'forkScenario', summary: 'Fork a scenario into a new draft', tags, role: 'analyst',
      description: 'The draft gets `parent_scenario_id` and a copy of the assumptions.',
      request: { ...byId, body: forkScenarioBodySchema }, responses: { 201: { ...scenario, description: 'The new draft.' } },
      errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'post', path: '/api/v1/scenarios/{id}/validate', operationId: 'validateScenario', summary: 'Run the validation rules', tags, role: 'analyst',
      request: byId, responses: { 200: scenarioValidationResultSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/scenarios/{id}/analysis', operationId: 'analyzeScenario', summary: 'Score a scenario', tags, role: 'viewer',
      description: 'Factors computed from the data: geographic spread, time horizon, entity coverage, data sufficiency, risk.',
      request: byId, responses: { 200: scenarioAnalysisSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
  ],
};
