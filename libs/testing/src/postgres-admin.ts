import { Client } from 'pg';

/** Server the test databases live on; the path names the maintenance database used to create them. */
export function adminDatabaseUrl(): string {
  return process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The admin URL pointed at another database on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'forecastin-testing' });
  // Errors surface through the awaited queries; an unhandled 'error' event would kill the Jest worker.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Identifiers built by this lib are [a-z0-9_] only; checked anyway because they are spliced into DDL. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe identifier ${JSON.stringify(name)}`);
  return name;
}

/** ltree always (the platform needs it); PostGIS only where the server ships it. */
export async function createExtensions(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const available = await client.query<{ name: string }>(
      `SELECT name FROM pg_available_extensions WHERE name IN ('ltree', 'postgis')`,
    );
    for (const { name } of available.rows) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${assertIdentifier(name)} WITH SCHEMA public`);
    }
  });
}

/** Drops a database even while connections to it are open (pools a failing test forgot to close). */
export async function dropDatabase(name: string): Promise<void> {
  await withClient(adminDatabaseUrl(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${assertIdentifier(name)} WITH (FORCE)`);
  });
}
