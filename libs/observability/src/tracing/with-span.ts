import { SpanStatusCode, type Attributes, type Span, type SpanKind } from '@opentelemetry/api';
import { currentTracer } from './tracing-state';

export interface WithSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a new active span (child of the active one), so spans and log lines created
 * inside are correlated. A throw is recorded on the span, sets the ERROR status and is rethrown;
 * the span always ends.
 */
export function withSpan<T>(name: string, options: WithSpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return currentTracer().startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error: unknown) {
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span as failed with `error` (also useful for spans ended outside withSpan). */
export function recordError(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    const message = String(error);
    span.recordException(message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
}
