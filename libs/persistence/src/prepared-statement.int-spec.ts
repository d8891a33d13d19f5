import { createCaptureLogger, type TestDatabase } from '@forecastin/testing';
import { QueryFailedError } from 'typeorm';
import { migratedProbeDatabase, PROBE_SCHEMA } from '../test/probe-database';
import { probeMigrations } from '../test/probe.migrations';
import { PostgresDependency } from './postgres.dependency';
import { preparedStatement, queryPrepared } from './prepared-statement';
import { withTenant } from './with-tenant.transaction';

const schema = PROBE_SCHEMA;
const workspaceA = '0b6f4f0e-9c1d-4e8a-a3b2-5d6c7e8f9a0b';
const workspaceB = '7d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';

describe('queryPrepared (named statements on the transaction connection)', () => {
  const { logger } = createCaptureLogger();
  let database: TestDatabase;
  let postgres: PostgresDependency;
  const bodies = preparedStatement('SELECT body FROM notes ORDER BY body');
  const insert = preparedStatement(`INSERT INTO notes (workspace_id, path, body) VALUES ($1, $2::text::public.ltree, $3) RETURNING body`);

  beforeAll(async () => {
    database = await migratedProbeDatabase(logger);
    // One connection: every call below reuses the statements the first one prepared.
    postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, poolMax: 1 });
    await postgres.connect();
    await postgres.dataSource.query(`INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.a', 'a1'), ($2, 'world.b', 'b1')`, [workspaceA, workspaceB]);
  });

  afterAll(async () => {
    await postgres.close();
    await database.drop();
  });

  it('names a statement after its text: one name per text, different texts never share one', () => {
    expect(preparedStatement('SELECT body FROM notes ORDER BY body')).toEqual(bodies);
    expect(bodies.name).not.toBe(insert.name);
    expect(bodies.name).toMatch(/^fc_[0-9a-f]{24}$/);
  });

  it('runs under the tenant and role of the transaction, each time (row-level security per workspace)', async () => {
    for (const [workspace, body] of [[workspaceA, 'a1'], [workspaceB, 'b1'], [workspaceA, 'a1']] as const) {
      const { rows, rowCount } = await withTenant(postgres.dataSource, workspace, (manager) => queryPrepared<{ body: string }>(manager, bodies, []));
      expect({ rows, rowCount }).toEqual({ rows: [{ body }], rowCount: 1 });
    }
    const [prepared] = (await postgres.dataSource.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1`, [bodies.name])) as Array<{ n: number }>;
    expect(prepared?.n).toBe(1);
  });

  it('keeps working after a rolled-back transaction, and its errors are QueryFailedError', async () => {
    await expect(
      withTenant(postgres.dataSource, workspaceA, async (manager) => {
        await queryPrepared(manager, insert, [workspaceA, 'world.a.r', 'rolled back']);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    // Row-level security still refuses another workspace's row through the prepared statement.
    const refused = withTenant(postgres.dataSource, workspaceA, (manager) => queryPrepared(manager, insert, [workspaceB, 'world.b.x', 'sneaky']));
    await expect(refused).rejects.toBeInstanceOf(QueryFailedError);
    await expect(refused).rejects.toThrow(/row-level security/);
    const inserted = await withTenant(postgres.dataSource, workspaceA, (manager) => queryPrepared<{ body: string }>(manager, insert, [workspaceA, 'world.a.k', 'kept']));
    expect(inserted.rows).toEqual([{ body: 'kept' }]);
    expect(await postgres.dataSource.query(`SELECT body FROM notes WHERE body IN ('rolled back', 'sneaky', 'kept')`)).toEqual([{ body: 'kept' }]);
  });

  it('refuses a manager that is not in a transaction', async () => {
    await expect(queryPrepared(postgres.dataSource.manager, bodies, [])).rejects.toThrow(/transaction/);
  });
});
