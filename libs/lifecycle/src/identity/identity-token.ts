import { createHmac, timingSafeEqual } from 'node:crypto';
import { FORWARDED_IDENTITY_HEADER, forwardedIdentitySchema, type ForwardedIdentity } from '@forecastin/contracts';

/** The header the gateway sets and every service verifies. Callers' copies are dropped by the gateway. */
export const IDENTITY_HEADER = FORWARDED_IDENTITY_HEADER;

export type IdentityVerification = { ok: true; identity: ForwardedIdentity } | { ok: false; reason: string };

/**
 * `base64url(JSON identity).base64url(HMAC-SHA256(key, first part))`. A MAC rather than a
 * signature: both ends are ours, and an HMAC costs microseconds on every proxied request.
 */
export function signIdentity(identity: ForwardedIdentity, key: string): string {
  const payload = Buffer.from(JSON.stringify(identity)).toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

export function verifyIdentity(token: string | undefined, key: string, nowSeconds = Date.now() / 1000): IdentityVerification {
  if (!token) return { ok: false, reason: 'missing identity' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed identity' };
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(payload, key), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad identity signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed identity' };
  }
  const parsed = forwardedIdentitySchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed identity' };
  if (parsed.data.exp <= nowSeconds) return { ok: false, reason: 'expired identity' };
  return { ok: true, identity: parsed.data };
}

function mac(payload: string, key: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
