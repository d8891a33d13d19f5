import path from 'node:path';

/** Issuer and audience of dev tokens; the dev stack's gateway is configured to expect exactly these. */
export const DEV_JWT_ISSUER = 'https://dev.forecastin.local/';
export const DEV_JWT_AUDIENCE = 'forecastin-api';
/** Also the key's `kid`: the gateway names a PEM key after its file. */
export const DEV_KEY_ID = 'forecastin-dev';

/** `.stack/dev-keys` under the repo root (git-ignored), unless FORECASTIN_DEV_KEYS_DIR points elsewhere (tests). */
export function devKeysDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['FORECASTIN_DEV_KEYS_DIR'] ?? path.join(root, '.stack', 'dev-keys');
}

export interface DevKeyPaths {
  readonly privateKey: string;
  readonly publicKey: string;
}

export function devKeyPaths(dir: string): DevKeyPaths {
  return { privateKey: path.join(dir, `${DEV_KEY_ID}.private.pem`), publicKey: path.join(dir, `${DEV_KEY_ID}.pem`) };
}

/** The gateway environment that trusts dev tokens: pass it to the gateway process `npm start` runs. */
export function devGatewayTrustEnv(dir: string): { JWT_PUBLIC_KEY_FILES: string; JWT_ISSUER: string; JWT_AUDIENCE: string } {
  return { JWT_PUBLIC_KEY_FILES: devKeyPaths(dir).publicKey, JWT_ISSUER: DEV_JWT_ISSUER, JWT_AUDIENCE: DEV_JWT_AUDIENCE };
}
