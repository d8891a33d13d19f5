import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { AsymmetricAlgorithm } from './auth-config';

/**
 * The algorithm a public key may verify, from the key itself: RSA → RS256, P-256 → ES256,
 * Ed25519 → EdDSA. Pinning the algorithm to the key (not to the token header) is what makes
 * algorithm confusion impossible.
 */
export function algorithmOf(key: KeyObject): AsymmetricAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`unsupported public key type ${type ?? 'unknown'}${type === 'ec' ? ` (${key.asymmetricKeyDetails?.namedCurve ?? '?'})` : ''}`);
}

async function pinnedJwk(key: KeyObject, kid: string | undefined, declaredAlg: unknown): Promise<JWK> {
  const alg = algorithmOf(key);
  if (declaredAlg !== undefined && declaredAlg !== alg) throw new Error(`key declares alg ${String(declaredAlg)} but is a ${alg} key`);
  const jwk = await exportJWK(key);
  return { ...jwk, alg, use: 'sig', ...(kid === undefined ? {} : { kid }) };
}

function publicFromJwk(jwk: Record<string, unknown>): KeyObject {
  if ('d' in jwk) throw new Error('file holds a private key; give the gateway public keys only');
  return createPublicKey({ key: jwk as JsonWebKeyInput['key'], format: 'jwk' });
}
type JsonWebKeyInput = Extract<Parameters<typeof createPublicKey>[0], { format: 'jwk' }>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads SPKI PEM, JWK or JWKS files into one JWKS whose every key carries the only algorithm it
 * may verify. A PEM key's `kid` is its file name without extension, so tokens can name it.
 */
export async function loadKeyFiles(paths: readonly string[]): Promise<JSONWebKeySet> {
  const keys: JWK[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8');
    try {
      if (text.includes('-----BEGIN')) {
        if (text.includes('PRIVATE KEY')) throw new Error('file holds a private key; give the gateway public keys only');
        const kid = basename(path).replace(/\.[^.]*$/, '');
        keys.push(await pinnedJwk(createPublicKey(text), kid, undefined));
        continue;
      }
      const parsed: unknown = JSON.parse(text);
      const entries = isRecord(parsed) && Array.isArray(parsed['keys']) ? (parsed['keys'] as unknown[]) : [parsed];
      for (const entry of entries) {
        if (!isRecord(entry)) throw new Error('not a JWK object');
        const kid = typeof entry['kid'] === 'string' ? entry['kid'] : undefined;
        keys.push(await pinnedJwk(publicFromJwk(entry), kid, entry['alg']));
      }
    } catch (error: unknown) {
      throw new Error(`JWT_PUBLIC_KEY_FILES: ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { keys };
}
