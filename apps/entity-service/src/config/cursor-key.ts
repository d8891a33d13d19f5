import { createHmac } from 'node:crypto';

/**
 * The HMAC key of list cursors, derived from IDENTITY_SIGNING_KEY (a secret every deployment
 * already has, refused in production when left at its development default) under a purpose label,
 * so no extra secret has to be provisioned and a cursor signature can never serve as an identity
 * signature. Rotating the identity key invalidates outstanding cursors (400 on `cursor`): they are
 * short-lived by nature.
 */
export function cursorKeyFrom(identitySigningKey: string): string {
  return createHmac('sha256', identitySigningKey).update('forecastin:entity-service:list-cursor:v1').digest('base64url');
}
