import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildForecastinOpenApiDocument } from '@forecastin/contracts';
import { loadDocsAssets } from './docs-assets';
import { DOCS_ASSETS_PATH, DOCS_PAGE_CSP, DOCS_PAGE_HTML, DOCS_PATH, OPENAPI_JSON_PATH } from './docs-page';

function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * `/api/docs/openapi.json` (built once here, with an ETag), `/api/docs` and its assets. Plain
 * Fastify routes like the health routes: public, outside the proxy pipeline and the Nest guards.
 */
export function registerDocsRoutes(fastify: FastifyInstance): void {
  const documentJson = JSON.stringify(buildForecastinOpenApiDocument());
  const documentEtag = etagOf(documentJson);
  const assets = loadDocsAssets();
  const assetEtags = new Map([...assets].map(([name, asset]) => [name, etagOf(asset.body)]));

  fastify.get(OPENAPI_JSON_PATH, (request, reply) => {
    void reply.header('etag', documentEtag).header('cache-control', 'no-cache');
    if (matches(request.headers['if-none-match'], documentEtag)) return reply.status(304).send();
    return reply.header('content-type', 'application/json; charset=utf-8').send(documentJson);
  });

  fastify.get(DOCS_PATH, (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DOCS_PAGE_CSP).header('cache-control', 'no-cache').send(DOCS_PAGE_HTML),
  );

  fastify.get<{ Params: { file: string } }>(`${DOCS_ASSETS_PATH}/:file`, (request, reply) => {
    const asset = assets.get(request.params.file);
    const etag = assetEtags.get(request.params.file);
    if (!asset || !etag) {
      return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'No such docs asset', request_id: String(request.id) } });
    }
    void reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
    if (matches(request.headers['if-none-match'], etag)) return reply.status(304).send();
    return reply.header('content-type', asset.contentType).send(asset.body);
  });
}
