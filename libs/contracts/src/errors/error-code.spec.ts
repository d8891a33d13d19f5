import { ERROR_CODES, ERROR_STATUS, ErrorCode } from './error-code.constants';

describe('ErrorCode / ERROR_STATUS', () => {
  it('maps every API.md code to its HTTP status', () => {
    expect(ERROR_STATUS).toEqual({
      VALIDATION_ERROR: 400,
      INVALID_JSON: 400,
      UNAUTHENTICATED: 401,
      EXPIRED_TOKEN: 401,
      INSUFFICIENT_PERMISSIONS: 403,
      RESOURCE_NOT_FOUND: 404,
      ROUTE_NOT_FOUND: 404,
      NOT_ACCEPTABLE: 406,
      RESOURCE_ALREADY_EXISTS: 409,
      RESOURCE_CONFLICT: 409,
      PRECONDITION_FAILED: 412,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      RATE_LIMIT_EXCEEDED: 429,
      INTERNAL_ERROR: 500,
      SERVICE_UNAVAILABLE: 503,
      UPSTREAM_TIMEOUT: 504,
    });
  });

  it('uses each code as its own value, and lists them all', () => {
    for (const [name, value] of Object.entries(ErrorCode)) expect(value).toBe(name);
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });
});
