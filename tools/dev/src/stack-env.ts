import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads the KEY=VALUE lines `stack:up` writes to `.stack/env` (DATABASE_URL, REDIS_URL, NATS_URL). */
export function readStackEnv(root: string): Record<string, string> {
  const file = path.join(root, '.stack', 'env');
  if (!existsSync(file)) return {};
  return parseEnvLines(readFileSync(file, 'utf8'));
}

export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}

/** The stack's connection settings under whatever the caller's environment already sets. */
export function withStackEnv(root: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...readStackEnv(root), ...base };
}
