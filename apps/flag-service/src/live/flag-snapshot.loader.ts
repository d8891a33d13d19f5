import type { DataSource } from 'typeorm';
import { flagRepository } from '../storage/flag.repository';
import { toFlag } from '../storage/flag-row.mapper';
import { FlagSnapshot } from './flag-snapshot';

/** Reads the revision and every flag in one REPEATABLE READ transaction, so they belong together. */
export async function loadFlagSnapshot(dataSource: DataSource): Promise<FlagSnapshot> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const revision = await flagRepository.currentRevision(manager);
    const rows = await flagRepository.all(manager);
    return new FlagSnapshot(revision, rows.map(toFlag));
  });
}
