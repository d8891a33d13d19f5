import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@forecastin/observability';
import { toErrorResponse } from './error-response';

/** The one place HTTP errors become envelopes: every route, 404s and Fastify's body errors included. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, String(request.id));
    if (response.errorId) {
      this.logger.error({ err: exception, error_id: response.errorId, method: request.method, url: request.url }, 'unhandled error');
    }
    if (reply.sent) return; // the handler already answered; nothing more can be said to the caller
    void reply.status(response.status).header('content-type', 'application/json; charset=utf-8').send(response.body);
  }
}
