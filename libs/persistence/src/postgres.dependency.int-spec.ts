import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TcpProxy, createCaptureLogger, createTestDatabase, freePort, type TestDatabase } from '@forecastin/testing';
import { probeMigrations } from '../test/probe.migrations';
import { runMigrations } from './migration-runner';
import { PostgresDependency, PostgresNotConnectedError } from './postgres.dependency';

@Entity({ name: 'never_synchronized' })
class NeverSynchronized {
  @PrimaryColumn('int')
  id = 0;

  @Column('text')
  body = '';
}

async function connectionsNamed(adminUrl: string, applicationName: string): Promise<number> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('SELECT count(*) AS count FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return Number(result.rows[0]?.count);
  } finally {
    await client.end();
  }
}

async function eventually(assertion: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('PostgresDependency', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'persistence_dep' });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('connects, answers check(), never synchronizes entities, and closes its pool', async () => {
    const { logger } = createCaptureLogger();
    const applicationName = `dep-spec-${process.pid}-a`;
    const postgres = new PostgresDependency({ url: database.url, schema: 'probe', migrations: [], entities: [NeverSynchronized], logger, applicationName });
    expect(() => postgres.dataSource).toThrow(PostgresNotConnectedError);
    await expect(postgres.check()).rejects.toThrow(PostgresNotConnectedError);

    await postgres.connect();
    await expect(postgres.check()).resolves.toBeUndefined();
    expect(postgres.dataSource.options).toMatchObject({ synchronize: false, migrationsRun: false, schema: 'probe' });
    const [table] = (await postgres.dataSource.query(`SELECT to_regclass('probe.never_synchronized') AS t, to_regclass('public.never_synchronized') AS p`)) as Array<{ t: unknown; p: unknown }>;
    expect(table).toEqual({ t: null, p: null });
    expect(await connectionsNamed(database.url, applicationName)).toBeGreaterThan(0);

    await postgres.close();
    expect(await connectionsNamed(database.url, applicationName)).toBe(0);
    expect(() => postgres.dataSource).toThrow(PostgresNotConnectedError);
  });

  it("is not up until the schema has every migration of this build (before the migrate command, after part of it, after it)", async () => {
    const { logger } = createCaptureLogger();
    const fresh = await createTestDatabase({ prefix: 'persistence_dep_mig' });
    const postgres = new PostgresDependency({ url: fresh.url, schema: 'probe', migrations: probeMigrations, logger });
    try {
      await postgres.connect();
      await expect(postgres.check()).rejects.toThrow(
        'the probe schema lacks 2 migration(s) of this build (CreateNotes1767225600000, AddNoteTitle1767225700000): run the migrate command',
      );
      await runMigrations({ url: fresh.url, schema: 'probe', migrations: probeMigrations.slice(0, 1), logger });
      await expect(postgres.check()).rejects.toThrow('lacks 1 migration(s) of this build (AddNoteTitle1767225700000)');
      await runMigrations({ url: fresh.url, schema: 'probe', migrations: probeMigrations, logger });
      await expect(postgres.check()).resolves.toBeUndefined();
    } finally {
      await postgres.close();
      await fresh.drop();
    }
  });

  it('close() before connect() does nothing', async () => {
    const { logger } = createCaptureLogger();
    await expect(new PostgresDependency({ url: database.url, schema: 'probe', migrations: [], logger }).close()).resolves.toBeUndefined();
  });

  it('rejects quickly when nothing listens on the port', async () => {
    const { logger } = createCaptureLogger();
    const url = new URL(database.url);
    url.port = String(await freePort());
    const postgres = new PostgresDependency({ url: url.toString(), schema: 'probe', migrations: [], logger, connectTimeoutMs: 500 });
    const started = Date.now();
    await expect(postgres.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
    await postgres.close();
  });

  it('rejects within the connect timeout when the server accepts but never answers', async () => {
    const accepted: Socket[] = [];
    const silent: Server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { logger } = createCaptureLogger();
      const url = new URL(database.url);
      url.port = String((silent.address() as AddressInfo).port);
      const postgres = new PostgresDependency({ url: url.toString(), schema: 'probe', migrations: [], logger, connectTimeoutMs: 500 });
      const started = Date.now();
      await expect(postgres.connect()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      expect(accepted.length).toBe(1);
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('check() fails while the connection is cut and recovers after restore; idle socket errors are only logged', async () => {
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const { logger, withMessage } = createCaptureLogger();
    const postgres = new PostgresDependency({ url: proxy.rewriteUrl(database.url), schema: 'probe', migrations: [], logger, poolMax: 2 });
    try {
      await postgres.connect();
      await postgres.check();

      // The pool's connection is idle now: cutting it makes pg emit 'error' on an idle client,
      // which would crash the process without a pool error handler.
      await proxy.cut();
      await eventually(async () => {
        expect(withMessage('idle postgres connection failed').length).toBeGreaterThan(0);
      }, 2000);
      await expect(postgres.check()).rejects.toThrow();
      await expect(postgres.check()).rejects.toThrow();

      await proxy.restore();
      await eventually(() => postgres.check(), 3000);
      await expect(postgres.dataSource.query('SELECT 41 + 1 AS answer')).resolves.toEqual([{ answer: 42 }]);
    } finally {
      await postgres.close();
      await proxy.close();
    }
  });

  it('a failed connect leaves no pool behind and can be retried', async () => {
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const { logger } = createCaptureLogger();
    const applicationName = `dep-spec-${process.pid}-retry`;
    const postgres = new PostgresDependency({ url: proxy.rewriteUrl(database.url), schema: 'probe', migrations: [], logger, applicationName, connectTimeoutMs: 500 });
    try {
      await proxy.cut();
      await expect(postgres.connect()).rejects.toThrow();
      await expect(postgres.connect()).rejects.toThrow();
      expect(() => postgres.dataSource).toThrow(PostgresNotConnectedError);

      await proxy.restore();
      await postgres.connect();
      await postgres.check();
      expect(proxy.connectionCount).toBe(1);
      expect(await connectionsNamed(database.url, applicationName)).toBe(1);
    } finally {
      await postgres.close();
      await proxy.close();
    }
  });
});
