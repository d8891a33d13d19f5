import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { devKeyPaths } from './dev-trust';

/**
 * Creates the local Ed25519 key pair on first use (synchronously: it is a few file operations). Both halves are written to temporary names and renamed, so
 * a concurrent first run never sees half a pair; the private key is 0600 in a 0700 directory.
 */
export function ensureDevKeys(dir: string): void {
  const paths = devKeyPaths(dir);
  if (existsSync(paths.privateKey) && existsSync(paths.publicKey)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(paths.publicKey + suffix, publicKey, { mode: 0o644 });
  writeFileSync(paths.privateKey + suffix, privateKey, { mode: 0o600 });
  renameSync(paths.publicKey + suffix, paths.publicKey);
  renameSync(paths.privateKey + suffix, paths.privateKey);
}
