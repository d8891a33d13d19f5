const TRACES_PATH = 'v1/traces';

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base URL (spec: the exporter appends
 * `/v1/traces`), while the exporter's `url` option is used verbatim. Accept both forms.
 */
export function otlpTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname.endsWith(`/${TRACES_PATH}`)) return url.toString();
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL(TRACES_PATH, url).toString();
}
