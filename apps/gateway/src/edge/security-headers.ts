import { API_VERSION } from '@forecastin/contracts';

/**
 * Helmet's header set for a JSON API, computed once: setting a frozen object per response costs a
 * few property copies, where @fastify/helmet rebuilds directives per request. The CSP forbids
 * everything (no document is ever rendered from a JSON response); the docs page sets its own.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'content-version': API_VERSION,
});
