import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMigratedDatabase } from './migrated-database';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { runServiceCommand } from './service-command';
import { deleteTestKeys, deleteTestStream } from './test-resource-cleanup';
import { testNatsEnv, testRedisEnv, uniqueTestPrefix } from './unique-prefix';

export interface ServiceUnderTest {
  readonly process: ServiceProcess;
  readonly port: number;
  /** Stops the process if still running, drops its database, deletes its stream and keys. */
  cleanup(): Promise<void>;
}

/**
 * Starts `main` with its own NATS subject prefix + stream and Redis key prefix, and (with
 * `database`) its own database cloned from a template migrated by the service's `migrate` command.
 */
export async function startServiceUnderTest(options: {
  label: string;
  main: string;
  database: boolean;
  /** Derives the process environment from the isolated defaults, e.g. to route a connection through a TcpProxy. */
  environment?: (defaults: Record<string, string>) => Record<string, string>;
  /** `live` returns as soon as the process answers HTTP, for tests that start it with a dependency down. */
  waitFor?: 'ready' | 'live';
}): Promise<ServiceUnderTest> {
  const prefix = uniqueTestPrefix(options.label);
  const natsEnv = testNatsEnv(prefix);
  const redisEnv = testRedisEnv(prefix);
  const database = options.database ? await migratedServiceDatabase(options.main) : undefined;
  const defaults: Record<string, string> = {
    ...natsEnv,
    ...redisEnv,
    ...(database ? { DATABASE_URL: database.url } : {}),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '8000',
    // Long enough to observe the 503 before the listener closes; short against the 15 s exit bound.
    SHUTDOWN_DELAY_MS: '300',
  };
  const env = options.environment ? options.environment(defaults) : defaults;
  let child: ServiceProcess;
  try {
    child = await startServiceProcess({ main: options.main, env, readyTimeoutMs: 20_000, waitFor: options.waitFor });
  } catch (error: unknown) {
    await database?.drop();
    throw error;
  }
  return {
    process: child,
    port: child.port,
    cleanup: async () => {
      await child.stop();
      await database?.drop();
      await deleteTestStream(natsEnv['EVENTS_STREAM']);
      await deleteTestKeys(redisEnv['REDIS_KEY_PREFIX']);
    },
  };
}

/**
 * A database cloned from a template that the service's own `migrate` command built. The template
 * is rebuilt whenever the built migrations change (their files are the fingerprint).
 */
export async function migratedServiceDatabase(main: string) {
  const migrationsDir = path.join(path.dirname(main), 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith('.js')).sort()) {
    hash.update(file).update('\0').update(readFileSync(path.join(migrationsDir, file)));
  }
  return createMigratedDatabase({
    templateKey: path.basename(path.dirname(path.dirname(main))),
    fingerprint: hash.digest('hex'),
    migrate: async (url: string) => {
      const result = await runServiceCommand(main, ['migrate'], { DATABASE_URL: url });
      if (result.code !== 0) {
        throw new Error(`migrate exited with ${String(result.code)}:\n${result.output.join('\n')}`);
      }
    },
  });
}
