import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATE_BUILD_KIND, TEST_DATABASE_KIND, createdAtOf } from './database-name';
import { adminDatabaseUrl, assertIdentifier, withClient } from './postgres-admin';

/** Older than this, a test database can only be the leftover of a crashed or killed run. */
const MAX_AGE_MS = 3 * 60 * 60 * 1000;
/** Jest workers are separate processes: a marker file keeps them from all sweeping in one run. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const MARKER = join(tmpdir(), 'forecastin-testing', 'last-database-sweep');

let sweep: Promise<void> | undefined;

function sweptRecently(now: number): boolean {
  try {
    return now - Number(readFileSync(MARKER, 'utf8')) < SWEEP_INTERVAL_MS;
  } catch {
    return false;
  }
}

async function dropOldDatabases(now: number): Promise<void> {
  mkdirSync(join(tmpdir(), 'forecastin-testing'), { recursive: true });
  writeFileSync(MARKER, String(now));
  await withClient(adminDatabaseUrl(), async (client) => {
    const lock = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended('forecastin-testing:sweep', 0)) AS locked`,
    );
    if (lock.rows[0]?.locked !== true) return;
    const databases = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'ft%\\_%'`,
    );
    for (const { datname } of databases.rows) {
      const createdAt = createdAtOf(datname, TEST_DATABASE_KIND) ?? createdAtOf(datname, TEMPLATE_BUILD_KIND);
      if (createdAt === undefined || now - createdAt < MAX_AGE_MS) continue;
      await client.query(`DROP DATABASE IF EXISTS ${assertIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

/**
 * Drops test databases older than a few hours, at most once per process and once per ten minutes
 * across processes. Failures are swallowed: a sweep is housekeeping, never a reason to fail a test.
 */
export function sweepLeftoverDatabases(): Promise<void> {
  sweep ??= (async () => {
    const now = Date.now();
    if (sweptRecently(now)) return;
    await dropOldDatabases(now).catch(() => undefined);
  })();
  return sweep;
}
