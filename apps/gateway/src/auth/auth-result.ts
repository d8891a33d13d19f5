import type { JwtClaims } from '@forecastin/contracts';

export type AuthFailureCode = 'UNAUTHENTICATED' | 'EXPIRED_TOKEN';

export type AuthResult =
  | { readonly ok: true; readonly claims: JwtClaims; readonly token: string }
  | { readonly ok: false; readonly code: AuthFailureCode; readonly message: string };

export function authFailure(code: AuthFailureCode, message: string): AuthResult {
  return { ok: false, code, message };
}
