import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnvLines, withStackEnv } from './stack-env';

describe('stack env', () => {
  it('parses KEY=VALUE lines and ignores anything else', () => {
    expect(parseEnvLines('DATABASE_URL=postgres://postgres@127.0.0.1:5433/forecastin\n# note\n\nlower=x\nNATS_URL=nats://h:1=2\n')).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5433/forecastin',
      NATS_URL: 'nats://h:1=2',
    });
  });

  it('lets the caller environment win over .stack/env', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dev-runner-env-'));
    try {
      mkdirSync(path.join(root, '.stack'));
      writeFileSync(path.join(root, '.stack', 'env'), 'REDIS_URL=redis://127.0.0.1:6391\nNATS_URL=nats://127.0.0.1:4231\n');
      const env = withStackEnv(root, { NATS_URL: 'nats://elsewhere:4222' });
      expect(env['REDIS_URL']).toBe('redis://127.0.0.1:6391');
      expect(env['NATS_URL']).toBe('nats://elsewhere:4222');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is empty without a stack file', () => {
    expect(withStackEnv(path.join(tmpdir(), 'no-such-forecastin-root'), {})).toEqual({});
  });
});
