import { describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { migratedServiceDatabase } from '../service-under-test';

const WORKSPACE = '0b8f6c1e-4a57-4c2d-9a34-2f1d7e6b5c10';

/**
 * The baseline every data service's first migration lays down: `<schema>.current_workspace_id()`,
 * which row-level-security policies read. Checked on a database the built `migrate` command made.
 */
export function describeBaselineMigration(options: { service: string; schema: string; main: string }): void {
  const fn = `"${options.schema}".current_workspace_id()`;
  describe(`${options.service} migrate command`, () => {
    it(`creates ${options.schema}.current_workspace_id(), which reads the transaction-local workspace`, async () => {
      const database = await migratedServiceDatabase(options.main);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const unset = await client.query<{ id: string | null }>(`SELECT ${fn} AS id`);
        expect(unset.rows[0]?.id).toBeNull();

        await client.query('BEGIN');
        await client.query("SELECT set_config('app.workspace_id', $1, true)", [WORKSPACE]);
        const set = await client.query<{ id: string | null }>(`SELECT ${fn} AS id`);
        expect(set.rows[0]?.id).toBe(WORKSPACE);
        await client.query('COMMIT');

        // `true` made it transaction-local: nothing leaks to the next transaction on a pooled connection.
        const after = await client.query<{ id: string | null }>(`SELECT ${fn} AS id`);
        expect(after.rows[0]?.id).toBeNull();
      } finally {
        await client.end();
        await database.drop();
      }
    });
  });
}
