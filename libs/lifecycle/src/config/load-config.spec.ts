import { z } from 'zod';
import { DEV_IDENTITY_SIGNING_KEY } from './base-config';
import { ConfigError, loadConfig } from './load-config';
import { secret } from './secret';

const serviceShape = {
  DATABASE_URL: z.url(),
  DB_PASSWORD: secret({ minLength: 12 }),
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(serviceShape, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(serviceShape, { DATABASE_URL: 'postgres://db/x', DB_PASSWORD: 'long-enough-secret', PORT: '4100' });
    expect(config.PORT).toBe(4100);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.IDENTITY_SIGNING_KEY).toBe(DEV_IDENTITY_SIGNING_KEY);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url', SHUTDOWN_TIMEOUT_MS: '-1' });
    const keys = problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'SHUTDOWN_TIMEOUT_MS', 'DB_PASSWORD']));
    expect(problems.find((problem) => problem.startsWith('PORT'))).toContain('"eighty"');
  });

  it('never shows a secret value', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://db/x', DB_PASSWORD: 'short', IDENTITY_SIGNING_KEY: 'tiny-key' });
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.join('\n')).not.toContain('tiny-key');
    expect(problems.join('\n')).toContain('value hidden');
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig(serviceShape, { DATABASE_URL: 'postgres://db/x', DB_PASSWORD: 'long-enough-secret', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('refuses development secrets and a * CORS origin in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', DB_PASSWORD: 'long-enough-secret', CORS_ORIGINS: 'https://app.example, *' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^IDENTITY_SIGNING_KEY: the development default is not allowed in production/);
    expect(problems[1]).toMatch(/^CORS_ORIGINS: "\*" is not allowed in production/);
  });

  it('accepts a production config with real secrets', () => {
    const config = loadConfig(serviceShape, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      DB_PASSWORD: 'long-enough-secret',
      IDENTITY_SIGNING_KEY: 'k'.repeat(48),
      CORS_ORIGINS: 'https://app.example',
    });
    expect(config.CORS_ORIGINS).toEqual(['https://app.example']);
  });
});
