import { createMigratedDatabase, fingerprintSources, type TestDatabase } from '@forecastin/testing';
import { runMigrations } from '../src/migration-runner';
import { probeMigrations } from './probe.migrations';

/** The schema the probe migrations create their tables in. */
export const PROBE_SCHEMA = 'probe';

type Logger = Parameters<typeof runMigrations>[0]['logger'];

/** A fresh database cloned from a template migrated with the probe migrations (tenant-scoped `notes`). */
export function migratedProbeDatabase(logger: Logger): Promise<TestDatabase> {
  return createMigratedDatabase({
    templateKey: 'persistence_probe',
    fingerprint: fingerprintSources(probeMigrations),
    migrate: async (url) => {
      await runMigrations({ url, schema: PROBE_SCHEMA, migrations: probeMigrations, logger });
    },
  });
}
