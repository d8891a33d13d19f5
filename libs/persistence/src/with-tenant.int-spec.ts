import { createCaptureLogger, type TestDatabase } from '@forecastin/testing';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { migratedProbeDatabase, PROBE_SCHEMA } from '../test/probe-database';
import { probeMigrations } from '../test/probe.migrations';
import { PostgresDependency } from './postgres.dependency';
import { queryBeforeCommit, TransactionRolledBackError } from './pipelined-transaction';
import { InvalidWorkspaceIdError, withTenant, type TenantTransactionLock } from './with-tenant.transaction';

const schema = PROBE_SCHEMA;
const workspaceA = '6f9b3c1e-2a4d-4c8e-9b1f-0a2b3c4d5e6f';
const workspaceB = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

/** Settles `promise` into a flag, so a test can check it is still waiting. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  return { promise: tracked, settled: () => done };
}

/** One note, written in `manager`'s transaction. */
const insertNote = (manager: EntityManager, workspace: string, path: string, body: string): Promise<unknown> =>
  manager.query('INSERT INTO notes (workspace_id, path, body) VALUES ($1, $2, $3)', [workspace, path, body]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every test runs on a plain pool and on one in pg's pipeline mode (START, the tenant statement
// and work's first statement sent together): the guarantees must not depend on it.
describe.each([false, true])('withTenant (row-level security, connected as a superuser; pipelined: %s)', (pipelined) => {
  const { logger } = createCaptureLogger();
  let database: TestDatabase;
  let postgres: PostgresDependency;

  beforeAll(async () => {
    database = await migratedProbeDatabase(logger);
    postgres = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, pipelined });
    await postgres.connect();
    const [me] = (await postgres.dataSource.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')) as Array<{ rolsuper: boolean }>;
    // The point of the test: RLS must hold even though this login skips it.
    expect(me?.rolsuper).toBe(true);
    await postgres.dataSource.query(
      `INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.a', 'a1'), ($1, 'world.a.x', 'a2'), ($2, 'world.b', 'b1')`,
      [workspaceA, workspaceB],
    );
  });

  afterAll(async () => {
    await postgres.close();
    await database.drop();
  });

  it('sees only the workspace rows, even without a WHERE clause', async () => {
    const rows = await withTenant(postgres.dataSource, workspaceA, (manager) => manager.query('SELECT body FROM notes ORDER BY body'));
    expect(rows).toEqual([{ body: 'a1' }, { body: 'a2' }]);
    const counted = await withTenant(postgres.dataSource, workspaceB, (manager) => manager.query('SELECT count(*)::int AS n FROM notes'));
    expect(counted).toEqual([{ n: 1 }]);
    // Outside withTenant the superuser bypasses RLS: all three rows exist.
    expect(await postgres.dataSource.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it("refuses to insert another workspace's row", async () => {
    await expect(
      withTenant(postgres.dataSource, workspaceA, (manager) =>
        insertNote(manager, workspaceB, 'world.b.y', 'sneaky'),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'sneaky'`)).toEqual([{ n: 0 }]);
  });

  it("cannot update or delete another workspace's rows", async () => {
    // typeorm answers UPDATE/DELETE on postgres with [returned rows, affected row count].
    const result = await withTenant(postgres.dataSource, workspaceA, async (manager) => ({
      updated: await manager.query(`UPDATE notes SET body = 'hijacked' WHERE workspace_id = $1 RETURNING id`, [workspaceB]),
      deleted: await manager.query(`DELETE FROM notes WHERE workspace_id = $1 RETURNING id`, [workspaceB]),
    }));
    expect(result).toEqual({ updated: [[], 0], deleted: [[], 0] });
    expect(await postgres.dataSource.query(`SELECT body FROM notes WHERE workspace_id = $1`, [workspaceB])).toEqual([{ body: 'b1' }]);
  });

  it('inserts and reads its own rows, and leaves no tenant or role behind on the pooled connection', async () => {
    await withTenant(postgres.dataSource, workspaceA, (manager) =>
      insertNote(manager, workspaceA, 'world.a.z', 'a3'),
    );
    const after = (await postgres.dataSource.query(
      `SELECT current_user AS who, coalesce(current_setting('app.workspace_id', true), '') AS tenant`,
    )) as Array<{ who: string; tenant: string }>;
    expect(after).toEqual([{ who: 'postgres', tenant: '' }]);
    await postgres.dataSource.query(`DELETE FROM notes WHERE body = 'a3'`);
  });

  it('rolls back when work throws', async () => {
    await expect(
      withTenant(postgres.dataSource, workspaceA, async (manager) => {
        await insertNote(manager, workspaceA, 'world.a.r', 'rolled back');
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'rolled back'`)).toEqual([{ n: 0 }]);
  });

  it('switches to the app role and the workspace in one statement, both for the transaction only', async () => {
    const inside = await withTenant(postgres.dataSource, workspaceA, (manager) =>
      manager.query(`SELECT current_user AS who, session_user AS login, current_setting('app.workspace_id') AS tenant`),
    );
    expect(inside).toEqual([{ who: 'forecastin_probe_app', login: 'postgres', tenant: workspaceA }]);
    // The role is really switched (not only the setting): the app role has no rights on the migrations table.
    await expect(
      withTenant(postgres.dataSource, workspaceA, (manager) => manager.query('SELECT count(*) FROM typeorm_migrations')),
    ).rejects.toThrow(/permission denied/);
  });

  it('fails with TransactionRolledBackError, and keeps nothing, when work swallowed a failed statement', async () => {
    await expect(
      withTenant(postgres.dataSource, workspaceA, async (manager) => {
        await insertNote(manager, workspaceA, 'world.a.swallowed', 'lost');
        await manager.query('SELECT 1 / 0').catch(() => undefined);
        return 'looks fine';
      }),
    ).rejects.toThrow(TransactionRolledBackError);
    expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'lost'`)).toEqual([{ n: 0 }]);
  });

  it('commits a statement of queryBeforeCommit with the transaction, and fails the whole transaction with its error', async () => {
    const result = await withTenant(postgres.dataSource, workspaceA, async (manager) => {
      queryBeforeCommit(manager, `INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.a.last', 'last statement')`, [workspaceA]);
      return 'answered before the INSERT was';
    });
    expect(result).toBe('answered before the INSERT was');
    expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'last statement'`)).toEqual([{ n: 1 }]);
    await postgres.dataSource.query(`DELETE FROM notes WHERE body = 'last statement'`);

    await expect(
      withTenant(postgres.dataSource, workspaceA, async (manager) => {
        await insertNote(manager, workspaceA, 'world.a.first', 'first of a failed transaction');
        // Another workspace's row: refused by row-level security, after work has returned.
        queryBeforeCommit(manager, `INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.b.tail', 'refused')`, [workspaceB]);
      }),
    ).rejects.toThrow(/row-level security/);
    expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body IN ('first of a failed transaction', 'refused')`)).toEqual([{ n: 0 }]);

    // work goes on after it and fails only because the transaction is aborted: the cause is reported.
    await expect(
      withTenant(postgres.dataSource, workspaceA, async (manager) => {
        queryBeforeCommit(manager, `INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.b.tail', 'refused')`, [workspaceB]);
        await manager.query('SELECT 1');
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses queryBeforeCommit outside a running transaction', async () => {
    let escaped: EntityManager | undefined;
    await withTenant(postgres.dataSource, workspaceA, async (manager) => {
      escaped = manager;
    });
    expect(() => queryBeforeCommit(escaped as EntityManager, 'SELECT 1', [])).toThrow(/running withTenant/);
    expect(() => queryBeforeCommit(postgres.dataSource.manager, 'SELECT 1', [])).toThrow(/running withTenant/);
  });

  it('runs a nested manager.transaction as a savepoint: its rollback keeps the outer work, which commits', async () => {
    await withTenant(postgres.dataSource, workspaceA, async (manager) => {
      await insertNote(manager, workspaceA, 'world.a.outer', 'outer');
      await expect(
        manager.transaction(async (inner) => {
          await insertNote(inner, workspaceA, 'world.a.inner', 'inner');
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
    });
    expect(await postgres.dataSource.query(`SELECT body FROM notes WHERE path <@ 'world.a' AND body IN ('outer', 'inner')`)).toEqual([{ body: 'outer' }]);
    await postgres.dataSource.query(`DELETE FROM notes WHERE body = 'outer'`);
  });

  it('sends START, the tenant statement and work\'s first statement in one socket write when pipelined, and queryBeforeCommit\'s statement with the COMMIT', async () => {
    const single = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, pipelined, poolMax: 1 });
    await single.connect();
    try {
      // The pool's one connection, whose socket writes are counted.
      const runner = single.dataSource.createQueryRunner();
      const client = (await runner.connect()) as { connection: { stream: { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void } } };
      await runner.release();
      const { stream } = client.connection;
      let writes = 0;
      for (const method of ['_write', '_writev'] as const) {
        const original = stream[method].bind(stream);
        stream[method] = (...args: unknown[]) => {
          writes += 1;
          original(...args);
        };
      }
      const rows = await withTenant(single.dataSource, workspaceA, (manager) => manager.query(`SELECT current_setting('app.workspace_id') AS tenant`));
      expect(rows).toEqual([{ tenant: workspaceA }]);
      expect(writes).toBe(pipelined ? 2 : 4);

      // A statement of queryBeforeCommit leaves with the COMMIT: START+tenant+SELECT, then INSERT+COMMIT.
      writes = 0;
      await withTenant(single.dataSource, workspaceA, async (manager) => {
        await manager.query('SELECT 1');
        queryBeforeCommit(manager, `INSERT INTO notes (workspace_id, path, body) VALUES ($1, 'world.a.tail', 'with the commit')`, [workspaceA]);
      });
      expect(writes).toBe(pipelined ? 2 : 5);
      await single.dataSource.query(`DELETE FROM notes WHERE body = 'with the commit'`);
    } finally {
      await single.close();
    }
  });

  describe('with a lock in the tenant statement', () => {
    const key = 'persistence-test:tree';
    const lockCount = async (): Promise<number> => {
      // Only these tests take advisory locks in this file's database.
      const [row] = (await postgres.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )) as Array<{ n: number }>;
      return row?.n ?? -1;
    };
    let other: Client;

    beforeEach(async () => {
      other = new Client({ connectionString: database.url });
      await other.connect();
    });

    afterEach(async () => {
      await other.end();
    });

    it('runs work only after the lock is granted, with a snapshot taken after it (sees what the holder committed)', async () => {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      await other.query(`INSERT INTO probe.notes (workspace_id, path, body) VALUES ($1, 'world.a.locked', 'written under the lock')`, [workspaceA]);
      const lock: TenantTransactionLock = { key, mode: 'shared' };
      const reader = track(
        withTenant(postgres.dataSource, workspaceA, (manager) => manager.query(`SELECT body FROM notes WHERE path = 'world.a.locked'`), { lock }),
      );
      await sleep(300);
      expect(reader.settled()).toBe(false);
      await other.query('COMMIT');
      expect(await reader.promise).toEqual([{ body: 'written under the lock' }]);
      await postgres.dataSource.query(`DELETE FROM notes WHERE path = 'world.a.locked'`);
    });

    it('shared holders run together, an exclusive one waits for them, and the lock ends with the transaction', async () => {
      let release: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = track(withTenant(postgres.dataSource, workspaceA, () => holding, { lock: { key, mode: 'shared' } }));
      await sleep(100);
      // A second shared holder is not blocked by the first.
      await withTenant(postgres.dataSource, workspaceB, (manager) => manager.query('SELECT 1'), { lock: { key, mode: 'shared' } });
      const exclusive = track(withTenant(postgres.dataSource, workspaceB, (manager) => manager.query('SELECT 1'), { lock: { key, mode: 'exclusive' } }));
      await sleep(300);
      expect(exclusive.settled()).toBe(false);
      release();
      await first.promise;
      await exclusive.promise;
      expect(await lockCount()).toBe(0);
    });

    it("reports the tenant statement's failure, and none of work's statements lands (even those sent with it)", async () => {
      const impatient = new PostgresDependency({ url: database.url, schema, migrations: probeMigrations, logger, pipelined, statementTimeoutMs: 300 });
      await impatient.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        await expect(
          withTenant(
            impatient.dataSource,
            workspaceA,
            async (manager) => {
              await insertNote(manager, workspaceA, 'world.a.early', 'sent early');
              await insertNote(manager, workspaceA, 'world.a.later', 'sent later');
            },
            { lock: { key, mode: 'shared' } },
          ),
        ).rejects.toThrow(/statement timeout/);
        await other.query('COMMIT');
        expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body IN ('sent early', 'sent later')`)).toEqual([{ n: 0 }]);
      } finally {
        await impatient.close();
      }
    });

    it('still sets the tenant and the role, and rolls back (releasing the lock) when work throws', async () => {
      const seen = await withTenant(postgres.dataSource, workspaceB, (manager) => manager.query('SELECT body FROM notes ORDER BY body'), {
        lock: { key, mode: 'exclusive' },
      });
      expect(seen).toEqual([{ body: 'b1' }]);
      await expect(
        withTenant(
          postgres.dataSource,
          workspaceA,
          async (manager) => {
            await insertNote(manager, workspaceA, 'world.a.r', 'rolled back');
            throw new Error('work failed');
          },
          { lock: { key, mode: 'exclusive' } },
        ),
      ).rejects.toThrow('work failed');
      expect(await lockCount()).toBe(0);
      expect(await postgres.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'rolled back'`)).toEqual([{ n: 0 }]);
    });
  });

  it('rejects a workspace id that is not a uuid before touching the database', async () => {
    let ran = false;
    await expect(
      withTenant(postgres.dataSource, "x' OR true --", async () => {
        ran = true;
      }),
    ).rejects.toThrow(InvalidWorkspaceIdError);
    expect(ran).toBe(false);
  });
});
