import type { Client } from 'pg';

/**
 * Takes a session-level advisory lock on `key`, polling so a stuck holder turns into a clear
 * error after `timeoutMs` instead of a migration Job that hangs forever. Advisory locks are per
 * database: two runners on the same database serialise, runners on different databases do not.
 */
export async function acquireAdvisoryLock(client: Client, key: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [key],
    );
    if (result.rows[0]?.locked === true) return;
    if (Date.now() >= deadline) throw new Error(`could not take advisory lock ${key} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 100)));
  }
}

export async function releaseAdvisoryLock(client: Client, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
}
