import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What an OFREP route receives as its body when the text was not JSON (no JSON value is this object). */
export const UNPARSEABLE_BODY: unique symbol = Symbol('unparseable JSON body');
export type UnparseableBody = { readonly [UNPARSEABLE_BODY]: true };
const unparseable: UnparseableBody = Object.freeze({ [UNPARSEABLE_BODY]: true as const });

export function isUnparseableBody(body: unknown): body is UnparseableBody {
  return typeof body === 'object' && body !== null && UNPARSEABLE_BODY in body;
}

/**
 * JSON bodies, with two service-specific twists on Fastify's own parser (same body limit, same
 * prototype-poisoning protection):
 * - PATCH is a JSON merge patch (RFC 7396): `application/merge-patch+json` is parsed the same way.
 * - OFREP clients understand OFREP's failure shape only, so on `/ofrep/` routes malformed JSON
 *   reaches the handler as `UNPARSEABLE_BODY` (answered `PARSE_ERROR`) instead of becoming the API
 *   envelope's INVALID_JSON, which every other route keeps.
 */
export async function registerJsonBodyParsers(app: NestFastifyApplication): Promise<void> {
  // Nest adds its JSON parser during init(); replace it afterwards (listen() will not init twice).
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // parseAs 'string' hands the parser a string; the type covers both parse modes.
    void parseJson(request, body as string, (error, value) => {
      if (error && request.url.startsWith('/ofrep/')) done(null, unparseable);
      else done(error, value);
    });
  });
  fastify.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, parseJson);
}
