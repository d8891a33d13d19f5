import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type CryptoKey } from 'jose';
import { devKeyPaths } from './dev-trust';

/**
 * The local Ed25519 signing key, created on first use. Both halves are written to temporary names
 * and renamed, so a concurrent first run never sees half a key pair; the private key is 0600.
 */
export async function ensureDevKeys(dir: string): Promise<CryptoKey> {
  const paths = devKeyPaths(dir);
  try {
    return await importPKCS8(await readFile(paths.privateKey, 'utf8'), 'EdDSA');
  } catch (error: unknown) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const suffix = `.${process.pid}.tmp`;
  await writeFile(paths.publicKey + suffix, await exportSPKI(publicKey), { mode: 0o644 });
  await writeFile(paths.privateKey + suffix, await exportPKCS8(privateKey), { mode: 0o600 });
  await rename(paths.publicKey + suffix, paths.publicKey);
  await rename(paths.privateKey + suffix, paths.privateKey);
  return privateKey;
}
