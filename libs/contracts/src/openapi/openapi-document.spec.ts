import { validate } from '@readme/openapi-parser';
import { buildForecastinOpenApiDocument } from './forecastin-openapi';
import { buildOpenApiDocument } from './build-openapi-document';
import { defineOperation } from './define-operation';
import { entitySchema } from '../entities/entity.schema';

// Every method + path of API.md; a path missing from the document fails here.
const API_MD_OPERATIONS = [
  'POST /api/v1/entities', 'GET /api/v1/entities/{id}', 'GET /api/v1/entities', 'PATCH /api/v1/entities/{id}',
  'POST /api/v1/entities/{id}/move', 'DELETE /api/v1/entities/{id}',
  'GET /api/v1/hierarchy/roots', 'GET /api/v1/hierarchy/nodes/{path}', 'GET /api/v1/hierarchy/nodes/{path}/children',
  'GET /api/v1/hierarchy/nodes/{path}/descendants', 'GET /api/v1/hierarchy/columns/{path}', 'GET /api/v1/hierarchy/search',
  'GET /api/v1/hierarchy/stats',
  'POST /api/v1/scenarios', 'GET /api/v1/scenarios', 'GET /api/v1/scenarios/{id}', 'PATCH /api/v1/scenarios/{id}',
  'DELETE /api/v1/scenarios/{id}', 'POST /api/v1/scenarios/{id}/fork', 'POST /api/v1/scenarios/{id}/validate',
  'GET /api/v1/scenarios/{id}/analysis', 'POST /api/v1/observations', 'GET /api/v1/observations',
  'GET /api/v1/forecasts/{path}', 'GET /api/v1/scenarios/{id}/forecast',
  'POST /api/v1/flags', 'GET /api/v1/flags', 'GET /api/v1/flags/{key}', 'PUT /api/v1/flags/{key}', 'PATCH /api/v1/flags/{key}',
  'DELETE /api/v1/flags/{key}', 'GET /api/v1/flags/{key}/audit', 'POST /api/v1/flags/kill',
  'POST /ofrep/v1/evaluate/flags/{key}', 'POST /ofrep/v1/evaluate/flags',
  'GET /api/v1/realtime',
  'GET /health/live', 'GET /health/ready', 'GET /api/docs', 'GET /api/docs/openapi.json',
];

type Operation = { security?: unknown[]; responses: Record<string, { $ref?: string }>; requestBody?: unknown };

function operations(document: ReturnType<typeof buildForecastinOpenApiDocument>): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation as Operation]),
  );
}

describe('the Forecastin OpenAPI document', () => {
  const document = buildForecastinOpenApiDocument();

  it('validates as OpenAPI 3.1', async () => {
    const result = await validate(JSON.parse(JSON.stringify(document)));
    expect(result).toEqual(expect.objectContaining({ valid: true }));
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('has every API.md operation and nothing else', () => {
    expect(operations(document).map(([name]) => name).sort()).toEqual([...API_MD_OPERATIONS].sort());
  });

  it('documents the error envelope on every operation', () => {
    for (const [name, operation] of operations(document)) {
      const errorRefs = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400 && name !== 'POST /ofrep/v1/evaluate/flags/{key}' || Number(status) >= 500);
      expect({ name, refs: errorRefs.every(([, response]) => response.$ref?.startsWith('#/components/responses/Error')) }).toEqual({ name, refs: true });
      expect({ name, has500: '500' in operation.responses }).toEqual({ name, has500: true });
    }
    expect(JSON.stringify(document.components['responses'])).toContain('#/components/schemas/ErrorEnvelope');
  });

  it('requires the bearer JWT everywhere except health and docs', () => {
    const open = operations(document).filter(([, operation]) => operation.security?.length === 0).map(([name]) => name);
    expect(open.sort()).toEqual(['GET /api/docs', 'GET /api/docs/openapi.json', 'GET /health/live', 'GET /health/ready']);
    for (const [name, operation] of operations(document).filter(([, op]) => op.security === undefined)) {
      expect({ name, status401: operation.responses['401']?.$ref }).toEqual({ name, status401: '#/components/responses/Error401' });
    }
  });

  it('shares schemas through components instead of copying them', () => {
    const text = JSON.stringify(document);
    expect(text).toContain('"$ref":"#/components/schemas/Geometry"');
    expect(document.paths['/api/v1/entities/{id}']?.['get']).toMatchObject({
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Entity' } } } } },
    });
    expect(Object.keys(document.components['headers'] as object)).toEqual(
      expect.arrayContaining(['X-Request-ID', 'Content-Version', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']),
    );
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });
});

describe('buildOpenApiDocument', () => {
  const operation = defineOperation({
    method: 'get', path: '/x/{id}', operationId: 'getX', summary: 'x', tags: ['X'], responses: { 200: entitySchema }, errors: [],
  });

  it('refuses two operations with the same method and path', () => {
    const twin = { ...operation, operationId: 'getXAgain' };
    expect(() => buildOpenApiDocument([{ operations: [operation, twin] }], { title: 't', version: '1' })).toThrow('duplicate operation GET /x/{id}');
  });

  it('names an unnamed response schema after its operation', () => {
    const built = buildOpenApiDocument([{ operations: [operation] }], { title: 't', version: '1' });
    expect(Object.keys(built.components['schemas'] as object)).toContain('GetXResponse');
  });
});
