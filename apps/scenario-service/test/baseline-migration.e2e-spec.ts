import path from 'node:path';
import { Client } from 'pg';
import { migratedDatabase } from './service-under-test.helper';

const MAIN = path.join(__dirname, '..', 'dist', 'main.js');
const WORKSPACE = '0b8f6c1e-4a57-4c2d-9a34-2f1d7e6b5c10';

describe('scenario-service migrate command', () => {
  it('creates scenario.current_workspace_id(), which reads the transaction-local workspace', async () => {
    const database = await migratedDatabase(MAIN);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const unset = await client.query<{ id: string | null }>('SELECT "scenario".current_workspace_id() AS id');
      expect(unset.rows[0]?.id).toBeNull();

      await client.query('BEGIN');
      await client.query("SELECT set_config('app.workspace_id', $1, true)", [WORKSPACE]);
      const set = await client.query<{ id: string | null }>('SELECT "scenario".current_workspace_id() AS id');
      expect(set.rows[0]?.id).toBe(WORKSPACE);
      await client.query('COMMIT');

      // `true` made it transaction-local: nothing leaks to the next transaction on a pooled connection.
      const after = await client.query<{ id: string | null }>('SELECT "scenario".current_workspace_id() AS id');
      expect(after.rows[0]?.id).toBeNull();
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
