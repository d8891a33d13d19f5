import { Client } from 'pg';
import { createCaptureLogger, createTestDatabase, type TestDatabase } from '@forecastin/testing';
import { probeMigrations } from '../test/probe.migrations';
import { pendingMigrations, runMigrations } from './migration-runner';
import { appRoleName } from './schema-name';

const schema = 'probe';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase({ prefix: 'persistence_migrate' });
  });

  afterEach(async () => {
    await database.drop();
  });

  it('applies pending migrations once, in order, and nothing on a re-run', async () => {
    const { logger, withMessage } = createCaptureLogger();
    const options = { url: database.url, schema, migrations: probeMigrations, logger };

    expect(await pendingMigrations(options)).toEqual(['CreateNotes1767225600000', 'AddNoteTitle1767225700000']);
    const first = await runMigrations(options);
    expect(first).toEqual({ applied: ['CreateNotes1767225600000', 'AddNoteTitle1767225700000'], appRoleReady: true });
    expect(withMessage('migration applied').map((record) => record['migration'])).toEqual(first.applied);
    expect(await pendingMigrations(options)).toEqual([]);

    const second = await runMigrations(options);
    expect(second.applied).toEqual([]);
    expect(withMessage('no pending migrations')).toHaveLength(1);

    const recorded = await query<{ name: string }>(database.url, `SELECT name FROM ${schema}.typeorm_migrations ORDER BY id`);
    expect(recorded.map((row) => row.name)).toEqual(first.applied);
    const columns = await query<{ column_name: string }>(
      database.url,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'notes' ORDER BY ordinal_position`,
      [schema],
    );
    expect(columns.map((row) => row.column_name)).toEqual(['id', 'workspace_id', 'path', 'body', 'title']);
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const { logger } = createCaptureLogger();
    const options = { url: database.url, schema, migrations: probeMigrations, logger };
    const results = await Promise.all([runMigrations(options), runMigrations(options), runMigrations(options)]);
    const applied = results.flatMap((result) => result.applied).sort();
    expect(applied).toEqual(['AddNoteTitle1767225700000', 'CreateNotes1767225600000']);
    const recorded = await query<{ count: string }>(database.url, `SELECT count(*) AS count FROM ${schema}.typeorm_migrations`);
    expect(Number(recorded[0]?.count)).toBe(2);
  });

  it('creates a tenant role that cannot bypass RLS, with DML on tables but not on the migrations table', async () => {
    const { logger } = createCaptureLogger();
    await runMigrations({ url: database.url, schema, migrations: probeMigrations, logger });
    const role = appRoleName(schema);
    const [attributes] = await query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      database.url,
      'SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1',
      [role],
    );
    expect(attributes).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const [privileges] = await query<Record<string, boolean>>(
      database.url,
      `SELECT has_table_privilege($1, '${schema}.notes', 'SELECT,INSERT,UPDATE,DELETE') AS notes_dml,
              has_table_privilege($1, '${schema}.typeorm_migrations', 'SELECT') AS migrations_read,
              has_table_privilege($1, '${schema}.notes', 'TRUNCATE') AS notes_truncate`,
      [role],
    );
    expect(privileges).toEqual({ notes_dml: true, migrations_read: false, notes_truncate: false });
    const [security] = await query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      database.url,
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = '${schema}.notes'::regclass`,
    );
    expect(security).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('lets the app role list the applied migrations through applied_migrations() (it may not read the table)', async () => {
    const { logger } = createCaptureLogger();
    await runMigrations({ url: database.url, schema, migrations: probeMigrations, logger });
    const role = appRoleName(schema);
    const [grants] = await query<Record<string, boolean>>(
      database.url,
      `SELECT has_function_privilege($1, '${schema}.applied_migrations()', 'EXECUTE') AS app_role,
              has_function_privilege('public', '${schema}.applied_migrations()', 'EXECUTE') AS everyone`,
      [role],
    );
    expect(grants).toEqual({ app_role: true, everyone: false });
    // As the app role itself: the function answers, the table refuses.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`SET ROLE ${role}`);
      const names = await client.query<{ name: string }>(`SELECT name FROM ${schema}.applied_migrations() AS name ORDER BY name`);
      expect(names.rows.map((row) => row.name)).toEqual(['AddNoteTitle1767225700000', 'CreateNotes1767225600000']);
      await expect(client.query(`SELECT name FROM ${schema}.typeorm_migrations`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });

  it('rejects a schema name that would need quoting', async () => {
    const { logger } = createCaptureLogger();
    await expect(runMigrations({ url: database.url, schema: 'Probe"; DROP', migrations: [], logger })).rejects.toThrow('invalid schema name');
  });
});
