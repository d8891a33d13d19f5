import { randomUUID } from 'node:crypto';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';

export type TestKeyAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export interface TestKeys {
  readonly alg: TestKeyAlgorithm;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Public key as a JWK carrying `kid`, `alg` and `use: sig`, as an identity provider publishes it. */
  readonly publicJwk: JWK;
  /** `{ keys: [publicJwk] }`: serve it as a JWKS document or hand it to `createLocalJWKSet`. */
  readonly jwks: JSONWebKeySet;
  /** SPKI PEM of the public key, for verifiers configured with PEM files. */
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

/** A signing key pair made in memory for one test run; nothing is ever written to disk. */
export async function createTestKeys(alg: TestKeyAlgorithm): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `test-${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    privateKey,
    publicKey,
    publicJwk,
    jwks: { keys: [publicJwk] },
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
  };
}
