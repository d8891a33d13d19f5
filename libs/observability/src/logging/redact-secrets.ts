/** Replacement for secret values in log output. */
export const REDACTED = '[REDACTED]';

// Exact names (any case) plus the *_KEY / *_SECRET / *_PASSWORD / *_TOKEN family, so env-style
// names such as IDENTITY_SIGNING_KEY are caught wherever they end up in a logged object.
const SECRET_KEY =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-forecastin-identity|password|passwd|token|secret|access_token|refresh_token|id_token|client_secret|api_key|accesstoken|refreshtoken|idtoken|clientsecret|apikey|privatekey|signingkey)$|_(?:key|secret|password|token)$/i;

// Connection strings are logged on purpose (which database?), their credentials are not.
const URL_KEY = /(?:url|uri|dsn)$/i;
const URL_CREDENTIALS = /\/\/([^:/@\s]+):[^@/\s]+@/;

// Bounds the walk on deep or cyclic graphs; log objects are shallow in practice.
const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks the password of `scheme://user:password@host` strings. */
export function maskUrlCredentials(value: string): string {
  return value.includes('@') ? value.replace(URL_CREDENTIALS, `//$1:${REDACTED}@`) : value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  // Node's IncomingMessage.headers has a null prototype.
  return proto === Object.prototype || proto === null;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return redactArray(value, depth);
  // Errors, Dates, Buffers, class instances: left to pino's serializers (copying would lose them).
  if (!isPlainObject(value)) return value;
  return redactObject(value, depth);
}

function redactArray(value: readonly unknown[], depth: number): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const redacted = redactValue(item, depth + 1);
    if (redacted !== item) {
      copy ??= value.slice();
      copy[i] = redacted;
    }
  }
  return copy ?? value;
}

function redactObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    let redacted: unknown;
    if (SECRET_KEY.test(key)) redacted = item === undefined || item === null ? item : REDACTED;
    else if (typeof item === 'string') redacted = URL_KEY.test(key) ? maskUrlCredentials(item) : item;
    else redacted = redactValue(item, depth + 1);
    if (redacted !== item) {
      copy ??= { ...value };
      copy[key] = redacted;
    }
  }
  return copy ?? value;
}

/**
 * Returns `value` with secret-named keys replaced, at any depth of plain objects and arrays.
 * Copy-on-write: the caller's objects are never mutated, and when nothing needs redacting the
 * same reference comes back without any allocation (the common case on the hot path).
 */
export function redactSecrets<T extends object>(value: T): T {
  // redactValue preserves the shape of plain objects and arrays, so the cast only restores T.
  return redactValue(value, 0) as T;
}
