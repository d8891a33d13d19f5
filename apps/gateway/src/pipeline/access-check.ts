import { ErrorCode, type JwtClaims } from '@forecastin/contracts';
import type { AuthResult } from '../auth';
import type { Decision } from '../rate-limit';
import type { RouteDefinition } from '../routing';
import { mayCall } from '../routing';
import type { Authenticator, RateLimitDecider, RateLimitPolicy } from './pipeline-ports';

export type AccessResult =
  | { ok: true; claims: JwtClaims; headers: Record<string, string> }
  | { ok: false; code: ErrorCode; message: string; headers: Record<string, string> };

export interface AccessCheckDeps {
  authenticator: Authenticator;
  rateLimiter: RateLimitDecider;
  policy: RateLimitPolicy;
}

export interface AccessRequest {
  authorization: string | undefined;
  accessToken?: string;
  ip: string;
}

const NO_HEADERS: Record<string, string> = {};
const DEGRADED_HEADERS: Record<string, string> = { 'retry-after': '1' };

/**
 * Authentication, role, revocation and rate limit for one request, in that order, shared by
 * HTTP and WebSocket upgrades. Exactly one Redis round trip for a caller with a valid token (the
 * rate limiter's script checks the `jti` revocation too); none for a role that is too low.
 *
 * Synchronous when nothing needs to be awaited (a refusal before Redis); otherwise one promise
 * chain: a cached token goes straight to the rate limiter's promise, with no async function
 * frames in between (every promise costs more while a request context is active).
 */
export function checkAccess(deps: AccessCheckDeps, route: RouteDefinition, request: AccessRequest): AccessResult | Promise<AccessResult> {
  const known = deps.authenticator.authenticateCached(request.authorization, request.accessToken);
  if (known !== undefined) return afterAuthentication(deps, route, request, known);
  return deps.authenticator.authenticate(request.authorization, request.accessToken).then((auth) => afterAuthentication(deps, route, request, auth));
}

function afterAuthentication(deps: AccessCheckDeps, route: RouteDefinition, request: AccessRequest, auth: AuthResult): AccessResult | Promise<AccessResult> {
  if (!auth.ok) return refuseAnonymous(deps, request.ip, auth.code, auth.message);
  const { claims } = auth;
  if (!mayCall(route, claims.roles)) {
    return { ok: false, code: ErrorCode.INSUFFICIENT_PERMISSIONS, message: `requires the ${route.role} role`, headers: NO_HEADERS };
  }
  return deps.rateLimiter
    .decide({
      subject: `user:${claims.workspace_id}:${claims.sub}`,
      routeClass: route.routeClass,
      limit: deps.policy.limitFor(route.routeClass),
      windowSeconds: deps.policy.windowSeconds,
      jti: claims.jti,
    })
    .then((decision) => decided(deps, claims, decision));
}

function decided(deps: AccessCheckDeps, claims: JwtClaims, decision: Decision): AccessResult {
  // Revocation lives in Redis: when it cannot be asked, a revoked token must not slip through.
  if (decision.degraded) return { ok: false, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'token revocation cannot be checked now', headers: DEGRADED_HEADERS };
  if (decision.revoked) return { ok: false, code: ErrorCode.UNAUTHENTICATED, message: 'token has been revoked', headers: NO_HEADERS };
  const headers = deps.policy.enabled ? deps.policy.headers(decision) : NO_HEADERS;
  if (!decision.allowed) return { ok: false, code: ErrorCode.RATE_LIMIT_EXCEEDED, message: 'rate limit exceeded', headers };
  return { ok: true, claims, headers };
}

/** Failed authentication still counts against the caller's IP, so token guessing is rate limited too. */
function refuseAnonymous(deps: AccessCheckDeps, ip: string, code: ErrorCode, message: string): AccessResult | Promise<AccessResult> {
  if (!deps.policy.enabled) return { ok: false, code, message, headers: NO_HEADERS };
  return deps.rateLimiter
    .decide({
      subject: `ip:${ip}`,
      routeClass: 'anonymous',
      limit: deps.policy.limitFor('anonymous'),
      windowSeconds: deps.policy.windowSeconds,
    })
    .then((decision): AccessResult => {
      if (!decision.allowed) return { ok: false, code: ErrorCode.RATE_LIMIT_EXCEEDED, message: 'rate limit exceeded', headers: deps.policy.headers(decision) };
      return { ok: false, code, message, headers: NO_HEADERS };
    });
}
