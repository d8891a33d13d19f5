import { PostgresDependency, runMigrations } from '@forecastin/persistence';
import { createCaptureLogger, createMigratedDatabase, fingerprintSources, type TestDatabase } from '@forecastin/testing';
import { migrations } from '../../src/migrations';
import type { ExpectedNode } from './entity-tree.model';

/** A fresh migrated `hierarchy` database for one test file, and a connected dependency on it. */
export async function readModelDatabase(): Promise<{ database: TestDatabase; postgres: PostgresDependency }> {
  const { logger } = createCaptureLogger();
  const database = await createMigratedDatabase({
    templateKey: 'hierarchy_int',
    fingerprint: fingerprintSources(migrations),
    migrate: async (url) => {
      await runMigrations({ url, schema: 'hierarchy', migrations, logger });
    },
  });
  const postgres = new PostgresDependency({ url: database.url, schema: 'hierarchy', migrations, logger });
  await postgres.connect();
  return { database, postgres };
}

/** Every node row of a workspace, in the model's shape, sorted by id. */
export async function readModelRows(postgres: PostgresDependency, workspaceId: string): Promise<ExpectedNode[]> {
  const rows: ExpectedNode[] = await postgres.dataSource.query(
    `SELECT id, path::text AS path, key, name, entity_type, depth, parent_id, children_count, descendant_count
       FROM hierarchy.nodes WHERE workspace_id = $1 ORDER BY id`,
    [workspaceId],
  );
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}
