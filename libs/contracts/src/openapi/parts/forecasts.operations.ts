import { ErrorCode } from '../../errors/error-code.constants';
import { forecastNodeSchema, forecastQuerySchema } from '../../forecasts/forecast.schema';
import { hierarchyPathParamsSchema } from '../../hierarchy/hierarchy-queries.schema';
import { pageSchema } from '../../pagination/page.schema';
import { scenarioIdParamsSchema } from '../../scenarios/scenario-requests.schema';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

const forecastPageSchema = pageSchema(forecastNodeSchema);
const tags = ['Forecasts'];

export const forecastsPart: OpenApiPart = {
  schemas: { ForecastNode: forecastNodeSchema, ForecastPage: forecastPageSchema },
  operations: [
    defineOperation({
      method: 'get', path: '/api/v1/forecasts/{path}', operationId: 'getBaselineForecast', summary: 'Baseline forecast of a node and its descendants', tags, role: 'viewer',
      request: { params: hierarchyPathParamsSchema, query: forecastQuerySchema }, responses: { 200: forecastPageSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
    defineOperation({
      method: 'get', path: '/api/v1/scenarios/{id}/forecast', operationId: 'getScenarioForecast', summary: "Forecast with a scenario's assumptions applied", tags, role: 'viewer',
      description: 'Same shape as the baseline forecast, plus `baseline` per node for comparison.',
      request: { params: scenarioIdParamsSchema, query: forecastQuerySchema }, responses: { 200: forecastPageSchema }, errors: [ErrorCode.RESOURCE_NOT_FOUND],
    }),
  ],
};
