import type { TracerProvider } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/**
 * Patches `pg` (and `pg-pool`) so every query, including those typeorm sends, becomes a client
 * span. It hooks `require`, so it only sees a `pg` that is required after this runs (typeorm
 * loads `pg` lazily when a DataSource is constructed, so bootstrap order is enough).
 * Returns the function that removes the patches.
 */
export function instrumentPg(tracerProvider: TracerProvider): () => void {
  return registerInstrumentations({
    tracerProvider,
    instrumentations: [
      new PgInstrumentation({
        // Readiness probes run SELECT 1 every second outside any request: without a parent they
        // would each start a trace of their own and drown the real ones.
        requireParentSpan: true,
        // Parameter values can hold personal data; the statement text with $n placeholders is enough.
        enhancedDatabaseReporting: false,
      }),
    ],
  });
}
