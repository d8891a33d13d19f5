import { randomUUID } from 'node:crypto';
import { signIdentity, DEV_IDENTITY_SIGNING_KEY, loadConfig, startService, type RunningService } from '@forecastin/lifecycle';
import { createOutboxTable } from '@forecastin/messaging';
import { runMigrations } from '@forecastin/persistence';
import {
  createCaptureLogger,
  createMigratedDatabase,
  deleteTestStream,
  fingerprintSources,
  testNatsEnv,
  uniqueTestPrefix,
  type TestDatabase,
} from '@forecastin/testing';
import { Client } from 'pg';
import { entityConfigShape } from '../../src/config/entity-config.schema';
import { migrations } from '../../src/migrations';
import { entityServiceDefinition, SCHEMA } from '../../src/service-definition';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  workspace?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` as is (a string), for malformed JSON and odd content types. */
  raw?: boolean;
}

/** entity-service started in this process against a fresh migrated database and its own NATS prefix/stream. */
export interface EntityServiceHarness {
  readonly base: string;
  readonly service: RunningService;
  readonly database: TestDatabase;
  readonly natsPrefix: string;
  readonly eventsStream: string;
  /** A random workspace per call unless given: tests never share tenants. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Direct SQL on the service's database as the superuser (bypasses RLS): checks the table itself. */
  sql<T>(text: string, parameters?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export function identityFor(workspace: string, sub = 'user-1'): string {
  return signIdentity(
    { sub, workspace_id: workspace, roles: ['analyst'], request_id: `req_${randomUUID().replaceAll('-', '')}`, exp: Math.floor(Date.now() / 1000) + 300 },
    DEV_IDENTITY_SIGNING_KEY,
  );
}

export interface HarnessOptions {
  /** Where the service reaches NATS (e.g. through a TcpProxy to cut it); defaults to the local server. */
  natsUrl?: string;
  /** Extra configuration variables (e.g. `ENTITY_SNAPSHOT_TTL_MS`). */
  env?: Record<string, string>;
}

export async function startEntityService(options: HarnessOptions = {}): Promise<EntityServiceHarness> {
  const { logger } = createCaptureLogger('silent');
  const database = await createMigratedDatabase({
    templateKey: 'entity_inproc',
    fingerprint: fingerprintSources([...migrations, createOutboxTable]),
    migrate: async (url) => {
      await runMigrations({ url, schema: SCHEMA, migrations, logger });
    },
  });
  const prefix = uniqueTestPrefix('entity');
  const nats = testNatsEnv(prefix);
  const natsUrl = options.natsUrl === undefined ? {} : { NATS_URL: options.natsUrl };
  const config = loadConfig(entityConfigShape, {
    DATABASE_URL: database.url,
    ...nats,
    ...natsUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...options.env,
  });
  // No PORT: defaultPort 0 asks the OS for a free one.
  const service = await startService({ ...entityServiceDefinition, defaultPort: 0 }, config);
  await service.running;
  const base = `http://127.0.0.1:${service.port}`;
  const client = new Client({ connectionString: database.url });
  await client.connect();

  return {
    base,
    service,
    database,
    natsPrefix: prefix,
    eventsStream: nats.EVENTS_STREAM,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { 'x-forecastin-identity': identityFor(options.workspace ?? randomUUID()), ...options.headers };
      let body: string | undefined;
      if (options.body !== undefined) {
        body = options.raw ? String(options.body) : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${base}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
    },
    async sql<T>(text: string, parameters: unknown[] = []): Promise<T[]> {
      return (await client.query(text, parameters)).rows as T[];
    },
    async stop() {
      await client.end();
      await service.stop('test finished');
      await database.drop();
      await deleteTestStream(nats.EVENTS_STREAM);
    },
  };
}

/**
 * Registers beforeAll/afterAll that start and stop one in-process service for the test file, and
 * returns a handle that forwards to it (usable at the top of a file, before the service exists).
 */
export function useEntityService(options: HarnessOptions | (() => HarnessOptions) = {}): EntityServiceHarness {
  let current: EntityServiceHarness | undefined;
  beforeAll(async () => {
    current = await startEntityService(typeof options === 'function' ? options() : options);
  }, 60_000);
  afterAll(async () => {
    await current?.stop();
  });
  const started = (): EntityServiceHarness => {
    if (!current) throw new Error('entity-service is not running (did beforeAll fail?)');
    return current;
  };
  return {
    get base() {
      return started().base;
    },
    get service() {
      return started().service;
    },
    get database() {
      return started().database;
    },
    get natsPrefix() {
      return started().natsPrefix;
    },
    get eventsStream() {
      return started().eventsStream;
    },
    request: (method, path, options) => started().request(method, path, options),
    sql: (text, parameters) => started().sql(text, parameters),
    stop: () => started().stop(),
  };
}
