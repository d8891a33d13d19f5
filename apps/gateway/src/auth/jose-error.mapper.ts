import { authFailure, type AuthResult } from './auth-result';

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
}

/** Short, caller-safe reasons by jose error code; the token itself is never echoed. */
const reasons: Readonly<Record<string, string>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: 'token algorithm is not accepted',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'token signature is invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'no trusted key matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'no trusted key matches the token',
  ERR_JWS_INVALID: 'token is malformed',
  ERR_JWT_INVALID: 'token is malformed',
  ERR_JOSE_NOT_SUPPORTED: 'token uses an unsupported algorithm or key',
  ERR_JWKS_TIMEOUT: 'signing keys are unavailable',
  ERR_JWKS_INVALID: 'signing keys are unavailable',
};

/** jose's failure → 401 result: expiry is EXPIRED_TOKEN (clients refresh), everything else UNAUTHENTICATED. */
export function joseErrorToAuthResult(error: unknown): AuthResult {
  const code = field(error, 'code');
  if (code === 'ERR_JWT_EXPIRED') return authFailure('EXPIRED_TOKEN', 'token has expired');
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = field(error, 'claim');
    const reason = field(error, 'reason');
    if (claim === 'nbf') return authFailure('UNAUTHENTICATED', 'token is not yet valid');
    if (reason === 'missing') return authFailure('UNAUTHENTICATED', `token lacks the ${String(claim)} claim`);
    return authFailure('UNAUTHENTICATED', `token ${String(claim)} claim is not accepted`);
  }
  const reason = typeof code === 'string' ? reasons[code] : undefined;
  return authFailure('UNAUTHENTICATED', reason ?? 'token is not valid');
}
