import { API_VERSION } from '../version/api-version.constants';
import { buildOpenApiDocument } from './build-openapi-document';
import type { OpenApiDocument, OpenApiPart } from './openapi-document.types';
import { entitiesPart } from './parts/entities.operations';
import { flagsPart } from './parts/flags.operations';
import { forecastsPart } from './parts/forecasts.operations';
import { healthPart } from './parts/health.operations';
import { hierarchyPart } from './parts/hierarchy.operations';
import { observationsPart } from './parts/observations.operations';
import { ofrepPart } from './parts/ofrep.operations';
import { realtimePart } from './parts/realtime.operations';
import { scenariosPart } from './parts/scenarios.operations';

/** Every service area's contribution, in the order the reference lists them. */
export const FORECASTIN_API_PARTS: readonly OpenApiPart[] = [
  entitiesPart, hierarchyPart, scenariosPart, observationsPart, forecastsPart, flagsPart, ofrepPart, realtimePart, healthPart,
];

/** The external API (API.md) as one OpenAPI 3.1 document; the gateway builds it once at start. */
export function buildForecastinOpenApiDocument(): OpenApiDocument {
  return buildOpenApiDocument(FORECASTIN_API_PARTS, {
    title: 'Forecastin API',
    version: API_VERSION,
    description: 'Every path is served by the gateway. JSON bodies in snake_case; errors in one envelope with a request id.',
  });
}
