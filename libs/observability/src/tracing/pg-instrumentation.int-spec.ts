import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

interface ExportedSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status: SpanStatusCode;
  attributes: Record<string, unknown>;
}

const fixture = join(__dirname, '../../test/fixtures/pg-spans.fixture.ts');
const unrecordedFixture = join(__dirname, '../../test/fixtures/pg-unrecorded.fixture.ts');

async function runFixture<T>(file: string): Promise<T> {
  const env = { ...process.env };
  delete env['OTEL_TRACES_SAMPLER'];
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
    cwd: join(__dirname, '../../../..'),
    timeout: 30_000,
    env,
  });
  return JSON.parse(stdout) as T;
}

// Against the real Postgres, through typeorm, in a real Node process.
describe('pg instrumentation (initTracing)', () => {
  let traceId: string;
  let spans: ExportedSpan[];
  let patched: boolean;

  beforeAll(async () => {
    ({ traceId, spans, patched } = await runFixture<{ traceId: string; spans: ExportedSpan[]; patched: boolean }>(fixture));
  }, 40_000);

  it('patches pg when spans are recorded (a span processor)', () => {
    expect(patched).toBe(true);
  });

  it('leaves pg unpatched when nothing records spans (no processor, exporter or sampler)', async () => {
    expect(await runFixture<{ patched: boolean }>(unrecordedFixture)).toEqual({ patched: false });
  }, 40_000);

  const querySpans = () => spans.filter((s) => s.kind === SpanKind.CLIENT && String(s.attributes['db.statement'] ?? s.attributes['db.query.text']).startsWith('SELECT'));
  const statement = (s: ExportedSpan) => String(s.attributes['db.statement'] ?? s.attributes['db.query.text']);

  it('gives every typeorm query inside a span its own client span, child of the active span', () => {
    const parent = spans.find((s) => s.name === 'handle request');
    const queries = querySpans().filter((s) => s.traceId === traceId);
    expect(queries.map(statement)).toEqual(['SELECT $1::text AS echoed', 'SELECT * FROM no_such_table']);
    for (const query of queries) expect(query.parentSpanId).toBe(parent?.spanId);
  });

  it('marks failed queries as errors', () => {
    const failed = querySpans().find((s) => statement(s).includes('no_such_table'));
    expect(failed?.status).toBe(SpanStatusCode.ERROR);
  });

  it('does not trace queries outside any span (readiness probes) nor record parameter values', () => {
    expect(querySpans().map(statement)).not.toContain('SELECT 0 AS outside_any_span');
    expect(JSON.stringify(spans)).not.toContain('very-private-value');
  });
});
