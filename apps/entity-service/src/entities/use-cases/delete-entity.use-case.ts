import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { entityDeleted, type WriteOrigin } from '../entity-events.factory';
import { EntityOutbox } from '../entity-outbox';
import type { EntityWriteResult } from '../entity-write.result';
import { EntityRepository } from '../store/entity.repository';
import { toEntity } from '../store/entity-row';
import { lockedEntity } from '../store/locked-entity';

export interface DeleteEntityInput {
  origin: WriteOrigin;
  id: string;
  cascade: boolean;
  ifMatch?: string;
}

/**
 * DELETE /api/v1/entities/{id}: an entity with children → 409 unless `cascade`, which removes the
 * whole subtree in one statement and one `entity_deleted` event (`subtree_size` says how many).
 * Under the exclusive tree lock, so no create can slip a child under a subtree being removed.
 */
@Injectable()
export class DeleteEntityUseCase {
  private readonly entities = new EntityRepository();

  constructor(
    private readonly outbox: EntityOutbox,
  ) {}

  execute({ origin, id, cascade, ifMatch }: DeleteEntityInput): Promise<EntityWriteResult> {
    const { workspaceId } = origin;
    return this.outbox.transaction(workspaceId, 'exclusive', async (manager) => {
      const row = await lockedEntity(this.entities, manager, workspaceId, id, ifMatch);
      if (row.children_count > 0 && !cascade) {
        throw new AppError(ErrorCode.RESOURCE_CONFLICT, `The entity has ${row.children_count} children; pass cascade=true to delete its subtree`);
      }
      const entity = toEntity(row);
      const removed = await this.entities.deleteSubtree(manager, workspaceId, row.path);
      return this.outbox.record(manager, entityDeleted(origin, entity, removed));
    });
  }
}
