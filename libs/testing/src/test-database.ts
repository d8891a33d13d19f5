import { TEST_DATABASE_KIND, stampedName } from './database-name';
import { sweepLeftoverDatabases } from './leftover-databases.cleanup';
import { adminDatabaseUrl, assertIdentifier, createExtensions, databaseUrl, dropDatabase, withClient } from './postgres-admin';

export interface TestDatabase {
  /** postgres:// URL of the new database, same server and credentials as TEST_POSTGRES_URL. */
  readonly url: string;
  readonly name: string;
  /** Drops it, closing any connection still open to it. */
  drop(): Promise<void>;
}

export function testDatabaseHandle(name: string): TestDatabase {
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** A fresh, empty database with ltree (and PostGIS when the server has it). */
export async function createTestDatabase(options: { prefix?: string } = {}): Promise<TestDatabase> {
  await sweepLeftoverDatabases();
  const name = assertIdentifier(stampedName(TEST_DATABASE_KIND, options.prefix ?? 'db'));
  await withClient(adminDatabaseUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  const database = testDatabaseHandle(name);
  try {
    await createExtensions(database.url);
  } catch (error: unknown) {
    await database.drop();
    throw error;
  }
  return database;
}
