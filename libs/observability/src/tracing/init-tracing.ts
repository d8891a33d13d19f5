import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type * as OtlpExporterModule from '@opentelemetry/exporter-trace-otlp-http';
import { otlpTracesUrl } from './otlp-endpoint';
import type * as PgInstrumentationModule from './pg-instrumentation';
import { setActiveTracing } from './tracing-state';

export interface Tracing {
  readonly tracer: Tracer;
  /** Flushes pending spans, removes the pg patches and unregisters the globals, so a later initTracing() starts afresh. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  service: string;
  version?: string;
  /** OTLP/HTTP collector base URL (OTEL_EXPORTER_OTLP_ENDPOINT); no export when unset. */
  otlpEndpoint?: string;
  /** Extra processors, e.g. a SimpleSpanProcessor over an InMemorySpanExporter in tests. */
  spanProcessors?: SpanProcessor[];
  /**
   * Patch `pg` so SQL queries get spans (default true). Only when spans are recorded (a span
   * processor, an exporter or OTEL_TRACES_SAMPLER): otherwise a query span could reach nothing,
   * and the patch would cost every query its span bookkeeping for nothing.
   */
  instrumentPg?: boolean;
}

let current: Tracing | undefined;

/*
 * The OTLP exporter (~17 MB, ~0.3 s to load) and the pg instrumentation (~14 MB, ~0.4 s) are
 * required only when used: most processes export nothing, and services without Postgres never
 * need the patch. Start-up time and idle memory are budgeted per service (tools/bench).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
function loadOtlpExporter(url: string): SpanExporter {
  const exporterModule = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpExporterModule;
  return new exporterModule.OTLPTraceExporter({ url });
}

function loadPgInstrumentation(): typeof PgInstrumentationModule.instrumentPg {
  return (require('./pg-instrumentation') as typeof PgInstrumentationModule).instrumentPg;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Registers the global tracer provider, W3C trace-context propagator and AsyncLocalStorage
 * context manager. Without an endpoint spans are still created (ids for log correlation and
 * traceparent propagation) but go nowhere. Idempotent: later calls return the first instance
 * until it is shut down.
 */
export function initTracing(options: TracingOptions): Tracing {
  if (current) return current;

  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    spanProcessors.push(new BatchSpanProcessor(loadOtlpExporter(otlpTracesUrl(options.otlpEndpoint))));
  }
  const attributes: Record<string, string> = { [ATTR_SERVICE_NAME]: options.service };
  if (options.version) attributes[ATTR_SERVICE_VERSION] = options.version;

  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes(attributes)),
    spanProcessors,
  });
  const contextManager = new AsyncLocalStorageContextManager();
  provider.register({ contextManager, propagator: new W3CTraceContextPropagator() });
  // A sampler from the environment is the SDK's business; only the default (parent-based, always
  // on) is reproduced by requestSpan() when no processor would see the spans.
  const recording = spanProcessors.length > 0 || process.env.OTEL_TRACES_SAMPLER !== undefined;
  // SQL spans are leaves: when nothing records them, they are pure cost (a span per query,
  // measured at ~5 % of entity-service's CPU per create) and nothing else reads them.
  const removePgPatches = options.instrumentPg === false || !recording ? undefined : loadPgInstrumentation()(provider);

  const tracer = provider.getTracer(options.service, options.version);
  setActiveTracing({ tracer, contextManager, recording });

  let stopping: Promise<void> | undefined;
  const tracing: Tracing = {
    tracer,
    shutdown() {
      stopping ??= (async () => {
        removePgPatches?.();
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          context.disable();
          propagation.disable();
          setActiveTracing(undefined);
          if (current === tracing) current = undefined;
        }
      })();
      return stopping;
    },
  };
  current = tracing;
  return tracing;
}
