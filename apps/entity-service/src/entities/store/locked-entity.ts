import type { EntityManager } from 'typeorm';
import { entityNotFound, versionMismatch } from '../entity-errors';
import { ifMatchHolds } from '../entity-tags';
import type { EntityRepository } from './entity.repository';
import type { EntityRow } from './entity-row';

/**
 * The entity a write is about, row-locked until the transaction ends, after the If-Match check:
 * 404 when it is not in the workspace, 412 when If-Match names another version.
 */
export async function lockedEntity(
  entities: EntityRepository,
  manager: EntityManager,
  workspaceId: string,
  id: string,
  ifMatch: string | undefined,
): Promise<EntityRow> {
  const row = await entities.findById(manager, workspaceId, id, 'update');
  if (!row) throw entityNotFound();
  if (ifMatch !== undefined && !ifMatchHolds(ifMatch, row.version)) throw versionMismatch();
  return row;
}
