/**
 * `npm run -s token -- --roles admin --workspace <uuid> [--sub <id>] [--ttl 1h]` prints a dev JWT
 * the `npm start` gateway trusts. `--trust-env` prints the gateway variables that trust it instead.
 * Development only: the key lives in .stack/dev-keys (git-ignored) and production refuses it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importPKCS8 } from 'jose';
import { ensureDevKeys } from './src/dev-keys';
import { devGatewayTrustEnv, devKeyPaths, devKeysDir } from './src/dev-trust';
import { mintDevToken } from './src/mint-dev-token';
import { parseTokenOptions } from './src/token-options';

async function main(argv: readonly string[]): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const dir = devKeysDir(root);
  ensureDevKeys(dir);
  if (argv.includes('--trust-env')) {
    for (const [name, value] of Object.entries(devGatewayTrustEnv(dir))) process.stdout.write(`${name}=${value}\n`);
    return;
  }
  const options = parseTokenOptions(argv);
  const key = await importPKCS8(await readFile(devKeyPaths(dir).privateKey, 'utf8'), 'EdDSA');
  process.stdout.write(`${await mintDevToken(key, options)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('usage: npm run -s token -- --roles viewer|analyst|admin[,...] --workspace <uuid> [--sub <id>] [--ttl 1h]\n');
  process.exitCode = 2;
});
