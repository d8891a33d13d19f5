import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * PATCH is a JSON merge patch (RFC 7396): accept its media type, parsed exactly like
 * application/json (same body limit, same INVALID_JSON answer for malformed text).
 */
export function registerJsonMergePatch(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
}
