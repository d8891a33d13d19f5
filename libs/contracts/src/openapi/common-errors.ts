import { ErrorCode } from '../errors/error-code.constants';
import type { OperationDefinition } from './define-operation';

/** Errors the edge can answer on any route, whatever the service behind it does (API.md "Common rules"). */
const EDGE_ERRORS: readonly ErrorCode[] = [ErrorCode.NOT_ACCEPTABLE, ErrorCode.RATE_LIMIT_EXCEEDED, ErrorCode.INTERNAL_ERROR];
const AUTHENTICATED_ERRORS: readonly ErrorCode[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.EXPIRED_TOKEN,
  ErrorCode.INSUFFICIENT_PERMISSIONS,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.UPSTREAM_TIMEOUT,
];
const BODY_ERRORS: readonly ErrorCode[] = [
  ErrorCode.VALIDATION_ERROR,
  ErrorCode.INVALID_JSON,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
];

/** The operation's own errors plus those every operation of its kind can meet, without repeats. */
export function operationErrors(operation: OperationDefinition): ErrorCode[] {
  const codes = new Set<ErrorCode>(operation.errors);
  for (const code of EDGE_ERRORS) codes.add(code);
  if (!operation.public) for (const code of AUTHENTICATED_ERRORS) codes.add(code);
  if (operation.request?.body) for (const code of BODY_ERRORS) codes.add(code);
  if (operation.request?.params || operation.request?.query) codes.add(ErrorCode.VALIDATION_ERROR);
  return [...codes];
}
