import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseEnvLines } from './stack-env';

/**
 * The gateway variables (JWT_PUBLIC_KEY_FILES, JWT_ISSUER, JWT_AUDIENCE) that make it trust
 * tokens from `npm run token`. Asked of tools/token itself (which creates the dev key on first
 * use), so the key location and issuer are defined in one place.
 */
export function devTokenTrustEnv(root: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools', 'token', 'mint-token.ts'), '--trust-env'], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return parseEnvLines(output);
}
