import { ofrepContextSchema, type OfrepContext, type OfrepErrorCode } from '@forecastin/contracts';
import { isUnparseableBody } from '../http/json-body.parsers';

export type ParsedOfrepRequest = { ok: true; context: OfrepContext } | { ok: false; errorCode: OfrepErrorCode; errorDetails: string };

/**
 * The body of both OFREP endpoints: `{context?}`. Not an object → PARSE_ERROR; a context with a
 * field of the wrong type → INVALID_CONTEXT naming each field. Both are 400 in OFREP's shape.
 */
export function parseOfrepRequest(body: unknown): ParsedOfrepRequest {
  if (body === undefined || body === null) return { ok: true, context: {} };
  if (isUnparseableBody(body)) return { ok: false, errorCode: 'PARSE_ERROR', errorDetails: 'the request body is not valid JSON' };
  if (typeof body !== 'object' || Array.isArray(body)) return { ok: false, errorCode: 'PARSE_ERROR', errorDetails: 'the request body must be a JSON object {"context": {...}}' };
  const context = (body as { context?: unknown }).context ?? {};
  const parsed = ofrepContextSchema.safeParse(context);
  if (parsed.success) return { ok: true, context: parsed.data };
  const details = parsed.error.issues.slice(0, 20).map((issue) => `${['context', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: details.join('; ') };
}
