import { Injectable } from '@nestjs/common';
import { ErrorCode, entityMetadataSchema, zodIssuesToDetails, type UpdateEntityBody } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { keyTaken } from '../entity-errors';
import { entityMoved, entityUpdated, type WriteOrigin } from '../entity-events.factory';
import { EntityOutbox } from '../entity-outbox';
import type { EntityWriteResult } from '../entity-write.result';
import { mergePatch } from '../merge-patch';
import { EntityRepository, type EntityFields, type Relocation } from '../store/entity.repository';
import { toEntity, type EntityRow } from '../store/entity-row';
import { lockedEntity } from '../store/locked-entity';

export interface UpdateEntityInput {
  origin: WriteOrigin;
  id: string;
  patch: UpdateEntityBody;
  ifMatch?: string;
}

/** The fields after applying a merge patch: present members replace, `null` clears, metadata merges (RFC 7396). */
function patchedFields(row: EntityRow, patch: UpdateEntityBody): EntityFields {
  const metadata = patch.metadata === undefined ? row.metadata : mergePatch(row.metadata, patch.metadata);
  const checked = entityMetadataSchema.safeParse(metadata);
  if (!checked.success) throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', zodIssuesToDetails(checked.error, 'metadata'));
  return {
    name: patch.name ?? row.name,
    entityType: patch.entity_type ?? row.entity_type,
    description: patch.description === undefined ? row.description : patch.description,
    location: patch.location === undefined ? row.location : patch.location,
    metadata,
    confidenceScore: patch.confidence_score === undefined ? row.confidence_score : patch.confidence_score,
  };
}

/**
 * PATCH /api/v1/entities/{id}. A new `key` renames the entity and rewrites the paths of its whole
 * subtree in the same transaction (emitting `entity_moved`); any other change emits `entity_updated`.
 */
@Injectable()
export class UpdateEntityUseCase {
  private readonly entities = new EntityRepository();

  constructor(
    private readonly outbox: EntityOutbox,
  ) {}

  execute({ origin, id, patch, ifMatch }: UpdateEntityInput): Promise<EntityWriteResult> {
    const { workspaceId } = origin;
    // A rename rewrites a subtree: it takes the tree lock like a move (before the row lock, as moves do).
    return this.outbox.transaction(workspaceId, patch.key === undefined ? 'none' : 'exclusive', async (manager) => {
      const row = await lockedEntity(this.entities, manager, workspaceId, id, ifMatch);
      const fields = patchedFields(row, patch);

      if (patch.key === undefined || patch.key === row.key) {
        const updated = await this.entities.updateRoot(manager, workspaceId, id, fields);
        return this.outbox.record(manager, entityUpdated(origin, toEntity(updated)));
      }

      const parentPath = row.path.includes('.') ? row.path.slice(0, row.path.lastIndexOf('.')) : undefined;
      const relocation: Relocation = {
        oldPath: row.path,
        newPath: parentPath === undefined ? patch.key : `${parentPath}.${patch.key}`,
        parentId: row.parent_id,
        key: patch.key,
      };
      if (await this.entities.pathTaken(manager, workspaceId, relocation.newPath)) throw keyTaken(patch.key);
      const { size } = await this.entities.subtreeStats(manager, workspaceId, row.path);
      await this.entities.relocateDescendants(manager, workspaceId, relocation.oldPath, relocation.newPath);
      const renamed = await this.entities.updateRoot(manager, workspaceId, id, fields, relocation);
      return this.outbox.record(manager, entityMoved(origin, toEntity(renamed), { path: row.path, parentId: row.parent_id, subtreeSize: size }));
    });
  }
}
