/** Response headers API.md "Headers" promises on every answer (components.headers). */
export const COMMON_RESPONSE_HEADERS = {
  'X-Request-ID': { description: "The caller's X-Request-ID when well-formed, otherwise a generated one; also in every log line and error body.", schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
  'Content-Version': { description: 'Version of the API contract that produced the answer.', schema: { type: 'string', const: '1.0' } },
  'RateLimit-Limit': { description: 'Requests allowed in the current window.', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Reset': { description: 'Seconds until the window frees capacity.', schema: { type: 'integer', minimum: 0 } },
} as const;

export const RETRY_AFTER_HEADER = { description: 'Seconds to wait before retrying (on 429).', schema: { type: 'integer', minimum: 0 } } as const;

/** Request headers every operation accepts (components.parameters). */
export const COMMON_REQUEST_PARAMETERS = {
  RequestId: { name: 'X-Request-ID', in: 'header', required: false, description: 'Echoed back; generated when absent or malformed.', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
  AcceptVersion: { name: 'Accept-Version', in: 'header', required: false, description: 'Contract version the client expects; an unsupported one → 406.', schema: { type: 'string', enum: ['1.0'] } },
  Traceparent: { name: 'traceparent', in: 'header', required: false, description: 'W3C trace context; honoured and propagated.', schema: { type: 'string' } },
} as const;
