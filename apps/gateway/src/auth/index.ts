export { AdminTokenGuard } from './admin-token.guard';
export { ASYMMETRIC_ALGORITHMS, authConfigProblems, authConfigShape, type AsymmetricAlgorithm, type AuthConfig } from './auth-config';
export type { AuthFailureCode, AuthResult } from './auth-result';
export { AuthModule } from './auth.module';
export { extractBearerToken } from './bearer-token';
export { JwtAuthenticator, type JwtAuthenticatorOptions } from './jwt-authenticator';
export { loadKeyFiles } from './key-files.loader';
export { RevocationStore, revocationKey, type RevocationStoreOptions } from './revocation-store';
export { tokenRevocationSchema, type TokenRevocation } from './token-revocation.schema';
