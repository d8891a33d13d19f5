import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '../errors/error-code.constants';
import { COMMON_RESPONSE_HEADERS, RETRY_AFTER_HEADER } from './common-headers';
import type { JsonObject } from './openapi-document.types';

export const ERROR_ENVELOPE_COMPONENT = 'ErrorEnvelope';

/** Name of the shared response for a status: `Error404`. */
export function errorResponseName(status: number): string {
  return `Error${status}`;
}

const headerRef = (name: string): JsonObject => ({ $ref: `#/components/headers/${name}` });

/**
 * One components.responses entry per error status, each naming its codes and carrying the
 * envelope: operations refer to these instead of repeating the envelope a hundred times.
 */
export function errorResponseComponents(): Record<string, JsonObject> {
  const codesByStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) codesByStatus.set(ERROR_STATUS[code], [...(codesByStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: Record<string, JsonObject> = {};
  for (const [status, codes] of [...codesByStatus].sort(([a], [b]) => a - b)) {
    const headers: JsonObject = { 'X-Request-ID': headerRef('X-Request-ID'), 'Content-Version': headerRef('Content-Version') };
    if (status === 429) {
      for (const name of Object.keys(COMMON_RESPONSE_HEADERS).filter((header) => header.startsWith('RateLimit-'))) headers[name] = headerRef(name);
      headers['Retry-After'] = headerRef('Retry-After');
    }
    responses[errorResponseName(status)] = {
      description: `Error envelope with code ${codes.join(' or ')}.`,
      headers,
      content: {
        'application/json': {
          schema: {
            allOf: [{ $ref: `#/components/schemas/${ERROR_ENVELOPE_COMPONENT}` }],
            properties: { error: { properties: { code: { enum: codes } } } },
          },
        },
      },
    };
  }
  return responses;
}

export function headerComponents(): Record<string, JsonObject> {
  return { ...COMMON_RESPONSE_HEADERS, 'Retry-After': RETRY_AFTER_HEADER };
}
