import { otlpTracesUrl } from './otlp-endpoint';

describe('otlpTracesUrl', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['https://otel.example.com/ingest', 'https://otel.example.com/ingest/v1/traces'],
    ['http://collector:4318/v1/traces', 'http://collector:4318/v1/traces'],
  ])('%s -> %s', (endpoint, expected) => {
    expect(otlpTracesUrl(endpoint)).toBe(expected);
  });

  it('rejects a value that is not a URL', () => {
    expect(() => otlpTracesUrl('collector:4318 ')).toThrow();
  });
});
