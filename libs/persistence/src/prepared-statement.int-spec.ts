import { createCaptureLogger, type TestDatabase } from '@forecastin/testing';
import { QueryFailedError } from 'typeorm';
import { migratedProbeDatabase, PROBE_SCHEMA } from '../test/probe-database';
import { probeMigrations } from '../test/probe.migrations';
import { PostgresDependency } from './postgres.dependency';
import { preparedStatement, queryPrepared, queryPreparedOnPool } from './prepared-statement';
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

describe('queryPreparedOnPool (named statements on pooled connections, outside transactions)', () => {
  const { logger } = createCaptureLogger();
  let database: TestDatabase;
  const byWorkspace = preparedStatement('SELECT body FROM notes WHERE workspace_id = $1 ORDER BY body');

  beforeAll(async () => {
    database = await migratedProbeDatabase(logger);
    const postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, poolMax: 1 });
    await postgres.connect();
    await postgres.dataSource.query(`INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.p', 'p1')`, [workspaceA]);
    await postgres.close();
  });

  afterAll(async () => {
    await database.drop();
  });

  /** Runs the statement three times on a one-connection pool with these settings; answers the rows and the plans the server made. */
  async function runThrice(sessionSettings?: Record<string, string>) {
    const postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, poolMax: 1, ...(sessionSettings ? { sessionSettings } : {}) });
    await postgres.connect();
    try {
      const results = [];
      for (let run = 0; run < 3; run++) results.push(await queryPreparedOnPool<{ body: string }>(postgres.dataSource, byWorkspace, [workspaceA]));
      const plans = (await postgres.dataSource.query(`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = $1`, [byWorkspace.name])) as Array<{ generic: number; custom: number }>;
      return { results, plans };
    } finally {
      await postgres.close();
    }
  }

  it('prepares once per connection; with plan_cache_mode = force_generic_plan the server never plans per call', async () => {
    const generic = await runThrice({ plan_cache_mode: 'force_generic_plan' });
    expect(generic.results.map((result) => result.rows)).toEqual([[{ body: 'p1' }], [{ body: 'p1' }], [{ body: 'p1' }]]);
    expect(generic.plans).toEqual([{ generic: 3, custom: 0 }]);
    // Without the setting the server plans the first executions for their parameters.
    const automatic = await runThrice();
    expect(automatic.plans).toEqual([{ generic: 0, custom: 3 }]);
  });

  it('answers errors as QueryFailedError and gives the connection back to the pool', async () => {
    const postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, poolMax: 1 });
    await postgres.connect();
    try {
      const broken = preparedStatement('SELECT body FROM notes WHERE workspace_id = $1::uuid');
      await expect(queryPreparedOnPool(postgres.dataSource, broken, ['not a uuid'])).rejects.toBeInstanceOf(QueryFailedError);
      // The only connection is free again: the next call does not wait for it.
      await expect(queryPreparedOnPool(postgres.dataSource, byWorkspace, [workspaceA])).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await postgres.close();
    }
  });

  it("answers rows as arrays of the column values, in select order, for a statement with rowMode 'array'", async () => {
    const postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, poolMax: 1 });
    await postgres.connect();
    try {
      const asArrays = preparedStatement('SELECT body, path::text, 7 AS seven FROM notes WHERE workspace_id = $1 ORDER BY body', { rowMode: 'array' });
      expect(asArrays.name).toBe(preparedStatement(asArrays.text).name);
      const result = await queryPreparedOnPool<[string, string, number]>(postgres.dataSource, asArrays, [workspaceA]);
      expect(result.rows).toEqual([['p1', 'world.p', 7]]);
      // The same connection still answers objects for a statement without it.
      expect((await queryPreparedOnPool(postgres.dataSource, byWorkspace, [workspaceA])).rows).toEqual([{ body: 'p1' }]);
    } finally {
      await postgres.close();
    }
  });

  it('refuses a session setting that is not a plain name and value', async () => {
    const injected = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, sessionSettings: { plan_cache_mode: 'auto -c role=postgres' } });
    await expect(injected.connect()).rejects.toThrow(/not a plain name and value/);
  });
});
