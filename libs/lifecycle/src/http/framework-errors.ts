import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PATH_LENGTH } from '@forecastin/contracts';
import { toErrorResponse } from './error-response';

/**
 * The longest path parameter the router hands to a handler. Fastify's default (100) answered a
 * deep hierarchy path with its own 414 body before any handler saw it; the longest value any route
 * takes is an ltree path. Longer ones are refused by `answerFrameworkError` with the envelope.
 */
export const MAX_PARAM_LENGTH = MAX_PATH_LENGTH;

/**
 * Fastify's router refuses some URLs before any hook or handler runs (broken percent-encoding, a
 * parameter over MAX_PARAM_LENGTH) and would answer them with its own JSON; this answers them with
 * the API error envelope and the request id instead.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = String(request.id);
  const response = toErrorResponse(error, requestId);
  void reply
    .status(response.status)
    .header('x-request-id', requestId)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(response.body));
}
