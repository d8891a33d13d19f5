import type { SqlRunner } from './sql-runner';

/** How long a caller may retry a create with the same Idempotency-Key and get the first answer. */
const RETENTION = '24 hours';

export const idempotencyRepository = {
  async find(sql: SqlRunner, caller: string, key: string): Promise<{ requestHash: string; response: unknown } | undefined> {
    const rows = await sql.query<Array<{ request_hash: string; response: unknown }>>(
      `SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2 AND created_at > now() - interval '${RETENTION}'`,
      [caller, key],
    );
    const row = rows[0];
    return row && { requestHash: row.request_hash, response: row.response };
  },

  /** Records the answer (replacing an expired record of the same key) and drops expired ones. */
  async save(sql: SqlRunner, caller: string, key: string, requestHash: string, response: unknown): Promise<void> {
    await sql.query(`DELETE FROM idempotency_keys WHERE created_at <= now() - interval '${RETENTION}'`);
    await sql.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash, response) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (caller, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = now()`,
      [caller, key, requestHash, JSON.stringify(response)],
    );
  },
};
