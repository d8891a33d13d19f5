import { randomUUID } from 'node:crypto';
import { HttpException, NotFoundException } from '@nestjs/common';
import { ERROR_STATUS, ErrorCode, zodIssuesToDetails, type ErrorDetail, type ErrorEnvelope } from '@forecastin/contracts';
import { ZodError } from 'zod';
import { AppError } from './app-error';

export interface ErrorResponse {
  status: number;
  body: ErrorEnvelope;
  /** Set for server faults: the error is logged under this id, which the caller also sees. */
  errorId?: string;
}

/** Fastify's own request errors (raised before any handler runs), by their `code`; the message defaults to the code's. */
const fastifyErrors: Readonly<Record<string, { code: ErrorCode; message?: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCode.PAYLOAD_TOO_LARGE },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCode.INVALID_JSON },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCode.INVALID_JSON },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCode.VALIDATION_ERROR },
  // The router's own refusals, answered through bootstrap's `frameworkErrors`.
  FST_ERR_BAD_URL: { code: ErrorCode.VALIDATION_ERROR, message: 'The URL is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { code: ErrorCode.VALIDATION_ERROR, message: 'A path segment is too long' },
};

/** The code a bare HTTP status stands for when something other than AppError carries it. */
const statusCodes: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.VALIDATION_ERROR,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.INSUFFICIENT_PERMISSIONS,
  404: ErrorCode.ROUTE_NOT_FOUND,
  405: ErrorCode.ROUTE_NOT_FOUND,
  406: ErrorCode.NOT_ACCEPTABLE,
  409: ErrorCode.RESOURCE_CONFLICT,
  412: ErrorCode.PRECONDITION_FAILED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMIT_EXCEEDED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
  504: ErrorCode.UPSTREAM_TIMEOUT,
};

const defaultMessages: Readonly<Partial<Record<ErrorCode, string>>> = {
  INVALID_JSON: 'Request body is not valid JSON',
  PAYLOAD_TOO_LARGE: 'Request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type; send application/json',
  ROUTE_NOT_FOUND: 'No route matches this method and path',
  VALIDATION_ERROR: 'Invalid input',
};

/**
 * Maps anything thrown while serving a request to the API.md error envelope. Only AppError,
 * validation errors and well-known framework errors keep their message; everything else becomes
 * INTERNAL_ERROR with an error id, so no internal detail or stack trace ever reaches a caller.
 */
export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  if (exception instanceof AppError) {
    return envelope(exception.code, exception.message, requestId, exception.details);
  }
  if (exception instanceof ZodError) {
    return envelope(ErrorCode.VALIDATION_ERROR, 'Invalid input', requestId, zodIssuesToDetails(exception));
  }
  const fastifyError = knownFastifyError(exception);
  if (fastifyError) return envelope(fastifyError.code, fastifyError.message ?? defaultMessages[fastifyError.code] ?? 'Invalid request', requestId);
  if (exception instanceof SyntaxError && 'body' in exception) {
    return envelope(ErrorCode.INVALID_JSON, defaultMessages.INVALID_JSON ?? 'Invalid JSON', requestId);
  }
  if (exception instanceof NotFoundException) {
    return envelope(ErrorCode.ROUTE_NOT_FOUND, defaultMessages.ROUTE_NOT_FOUND ?? 'Not found', requestId);
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const code = statusCodes[exception.getStatus()] ?? ErrorCode.VALIDATION_ERROR;
    return { ...envelope(code, exception.message, requestId), status: exception.getStatus() };
  }
  if (exception instanceof HttpException && statusCodes[exception.getStatus()]) {
    const code = statusCodes[exception.getStatus()] ?? ErrorCode.SERVICE_UNAVAILABLE;
    return envelope(code, exception.message, requestId);
  }
  const errorId = `err_${randomUUID()}`;
  const response = envelope(ErrorCode.INTERNAL_ERROR, 'Internal server error', requestId);
  response.body.error.error_id = errorId;
  return { ...response, errorId };
}

function envelope(code: ErrorCode, message: string, requestId: string, details?: readonly ErrorDetail[]): ErrorResponse {
  const error: ErrorEnvelope['error'] = { code, message: message || code, request_id: requestId };
  if (details && details.length > 0) error.details = [...details];
  return { status: ERROR_STATUS[code], body: { error } };
}

/** Fastify errors arrive raw or wrapped by Nest's adapter as an HttpException whose cause they are. */
function knownFastifyError(exception: unknown): { code: ErrorCode; message?: string } | undefined {
  const candidates = [exception, exception instanceof Error ? exception.cause : undefined];
  for (const candidate of candidates) {
    if (typeof candidate === 'object' && candidate !== null && 'code' in candidate) {
      const known = fastifyErrors[String(candidate.code)];
      if (known) return known;
    }
  }
  return undefined;
}
