import { trace } from '@opentelemetry/api';
import { requestContext } from '../context/request-context';

/**
 * Correlation fields for one log line. The active span wins over the request context's ids, so a
 * line logged inside withSpan() points at that child span rather than the request's root span.
 * Returns a fresh object: pino's default merge strategy assigns the logged object into it.
 */
export function logContextMixin(): Record<string, string> {
  const fields: Record<string, string> = {};
  const ctx = requestContext.get();
  if (ctx) {
    fields.request_id = ctx.requestId;
    if (ctx.workspaceId !== undefined) fields.workspace_id = ctx.workspaceId;
    if (ctx.userId !== undefined) fields.user_id = ctx.userId;
  }
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && trace.isSpanContextValid(spanContext)) {
    fields.trace_id = spanContext.traceId;
    fields.span_id = spanContext.spanId;
  } else if (ctx) {
    if (ctx.traceId !== undefined) fields.trace_id = ctx.traceId;
    if (ctx.spanId !== undefined) fields.span_id = ctx.spanId;
  }
  return fields;
}
