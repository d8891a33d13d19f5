import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * PATCH bodies are JSON merge patches (RFC 7396), whose media type is `application/merge-patch+json`.
 * Parse it exactly like `application/json` (same parser, same INVALID_JSON errors and body limit),
 * so clients that label their patches correctly are not refused with 415.
 */
export function acceptMergePatchJson(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
}
