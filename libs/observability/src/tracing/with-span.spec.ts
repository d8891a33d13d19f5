import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { initTracing, type Tracing } from './init-tracing';
import { withSpan } from './with-span';

describe('withSpan', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(() => {
    tracing = initTracing({ service: 'span-test', version: '1.2.3', spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentPg: false });
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => exporter.reset());

  it('records an ended span with kind, attributes and the service resource', async () => {
    const result = await withSpan('load entity', { kind: SpanKind.CLIENT, attributes: { 'entity.id': 'e-1' } }, async () => 42);
    expect(result).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('load entity');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes['entity.id']).toBe('e-1');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.resource.attributes['service.name']).toBe('span-test');
    expect(span?.resource.attributes['service.version']).toBe('1.2.3');
  });

  it('records the exception, sets ERROR status, ends the span and rethrows', async () => {
    await expect(
      withSpan('fails', {}, async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database gone' });
    expect(span?.events.map((e) => [e.name, e.attributes?.['exception.message']])).toEqual([['exception', 'database gone']]);
  });

  it('also handles non-Error throws', async () => {
    await expect(withSpan('fails', {}, () => Promise.reject('plain string'))).rejects.toBe('plain string');
    expect(exporter.getFinishedSpans()[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
  });

  it('links nested spans as parent and child in one trace, across awaits', async () => {
    await withSpan('parent', {}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await withSpan('child', {}, async () => undefined);
    });
    const byName = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    const parent = byName.get('parent');
    const child = byName.get('child');
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(parent?.parentSpanContext).toBeUndefined();
  });

  it('initTracing is idempotent until shut down', () => {
    expect(initTracing({ service: 'other' })).toBe(tracing);
  });
});
