import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, fingerprintSources } from './migrated-database';
import { adminDatabaseUrl, withClient } from './postgres-admin';
import { createTestDatabase, type TestDatabase } from './test-database';

async function databaseExists(name: string): Promise<boolean> {
  return withClient(adminDatabaseUrl(), async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}

describe('createTestDatabase', () => {
  it('creates an empty database with ltree and drops it', async () => {
    const database = await createTestDatabase({ prefix: 'Self Test!' });
    try {
      expect(database.name).toMatch(/^ft_self_test_[0-9a-z]{14}$/);
      const label = await withClient(database.url, async (client) => {
        const result = await client.query<{ path: string }>(`SELECT 'world.asia'::ltree || 'japan' AS path`);
        return result.rows[0]?.path;
      });
      expect(label).toBe('world.asia.japan');
    } finally {
      await database.drop();
    }
    expect(await databaseExists(database.name)).toBe(false);
  });
});

describe('createMigratedDatabase', () => {
  // A key unique to this run, so the first call really builds the template.
  const templateKey = `selftest_${randomUUID().slice(0, 8)}`;
  let migrateCalls = 0;
  const migrate = async (url: string): Promise<void> => {
    migrateCalls += 1;
    await withClient(url, async (client) => {
      await client.query('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
      await client.query(`INSERT INTO note VALUES (1, 'seed')`);
    });
  };
  const created: TestDatabase[] = [];

  afterAll(async () => {
    for (const database of created) await database.drop();
    await withClient(adminDatabaseUrl(), (client) =>
      client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ftt\\_${templateKey}\\_%`]).then(async (result) => {
        for (const row of result.rows as Array<{ datname: string }>) await client.query(`DROP DATABASE ${row.datname}`);
      }),
    );
  });

  it('migrates the template once and hands out independent clones', async () => {
    const [first, second] = await Promise.all([
      createMigratedDatabase({ templateKey, migrate, fingerprint: fingerprintSources([migrate]) }),
      createMigratedDatabase({ templateKey, migrate, fingerprint: fingerprintSources([migrate]) }),
    ]);
    if (!first || !second) throw new Error('expected two databases');
    created.push(first, second);
    expect(migrateCalls).toBe(1);
    expect(first.name).not.toBe(second.name);

    await withClient(first.url, (client) => client.query(`INSERT INTO note VALUES (2, 'only in first')`));
    const countIn = (url: string): Promise<number> =>
      withClient(url, async (client) => {
        const result = await client.query<{ count: string }>('SELECT count(*) AS count FROM note');
        return Number(result.rows[0]?.count);
      });
    expect(await countIn(first.url)).toBe(2);
    expect(await countIn(second.url)).toBe(1);

    const third = await createMigratedDatabase({ templateKey, migrate, fingerprint: fingerprintSources([migrate]) });
    created.push(third);
    expect(migrateCalls).toBe(1);
    expect(await countIn(third.url)).toBe(1);
  });

  it('builds a new template when the fingerprint changes and drops the stale one', async () => {
    const before = migrateCalls;
    const database = await createMigratedDatabase({ templateKey, migrate, fingerprint: 'changed-schema' });
    created.push(database);
    expect(migrateCalls).toBe(before + 1);
    const templates = await withClient(adminDatabaseUrl(), async (client) => {
      const result = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ftt\\_${templateKey}\\_%`]);
      return result.rowCount;
    });
    expect(templates).toBe(1);
  });

  it('does not leave a template behind when migrate fails', async () => {
    const key = `selftest_fail_${randomUUID().slice(0, 6)}`;
    await expect(
      createMigratedDatabase({ templateKey: key, migrate: async () => Promise.reject(new Error('bad migration')) }),
    ).rejects.toThrow('bad migration');
    const leftovers = await withClient(adminDatabaseUrl(), async (client) => {
      const result = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [
        `ftt\\_${key}\\_%`,
        `ftb\\_${key}\\_%`,
      ]);
      return result.rowCount;
    });
    expect(leftovers).toBe(0);
  });
});
