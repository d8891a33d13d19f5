import { Injectable } from '@nestjs/common';
import { ErrorCode, MAX_PATH_DEPTH } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { keyTaken, parentNotFound, tooDeep } from '../entity-errors';
import { entityMoved, type WriteOrigin } from '../entity-events.factory';
import { EntityOutbox } from '../entity-outbox';
import type { EntityWriteResult } from '../entity-write.result';
import { EntityRepository } from '../store/entity.repository';
import { toEntity, type EntityRow } from '../store/entity-row';
import { lockedEntity } from '../store/locked-entity';

export interface MoveEntityInput {
  origin: WriteOrigin;
  id: string;
  parentId: string | null;
  ifMatch?: string;
}

const underItself = (): AppError =>
  new AppError(ErrorCode.RESOURCE_CONFLICT, 'An entity cannot be moved under itself or one of its descendants', [
    { field: 'parent_id', message: 'is the entity itself or lies in its subtree' },
  ]);

function isInSubtree(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

function fieldsOf(row: EntityRow) {
  return {
    name: row.name,
    entityType: row.entity_type,
    description: row.description,
    location: row.location,
    metadata: row.metadata,
    confidenceScore: row.confidence_score,
  };
}

/**
 * POST /api/v1/entities/{id}/move. Under the workspace's exclusive tree lock, so the cycle check
 * below reads a tree no other structural change is rewriting: of two concurrent moves that would
 * together form a cycle, the second one to get the lock sees the first's result and gets 409.
 */
@Injectable()
export class MoveEntityUseCase {
  private readonly entities = new EntityRepository();

  constructor(
    private readonly outbox: EntityOutbox,
  ) {}

  execute({ origin, id, parentId, ifMatch }: MoveEntityInput): Promise<EntityWriteResult> {
    const { workspaceId } = origin;
    return this.outbox.transaction(workspaceId, 'exclusive', async (manager) => {
      const row = await lockedEntity(this.entities, manager, workspaceId, id, ifMatch);

      let newPath = row.key;
      if (parentId !== null) {
        if (parentId.toLowerCase() === id.toLowerCase()) throw underItself();
        const parent = await this.entities.findById(manager, workspaceId, parentId);
        if (!parent) throw parentNotFound();
        if (isInSubtree(parent.path, row.path)) throw underItself();
        newPath = `${parent.path}.${row.key}`;
      }
      const stats = await this.entities.subtreeStats(manager, workspaceId, row.path);
      const deepest = newPath.split('.').length + (stats.maxDepth - row.path_depth);
      if (deepest > MAX_PATH_DEPTH) throw tooDeep(deepest, MAX_PATH_DEPTH);
      if (newPath !== row.path && (await this.entities.pathTaken(manager, workspaceId, newPath))) throw keyTaken(row.key);

      await this.entities.relocateDescendants(manager, workspaceId, row.path, newPath);
      const moved = await this.entities.updateRoot(manager, workspaceId, id, fieldsOf(row), {
        oldPath: row.path,
        newPath,
        parentId,
        key: row.key,
      });
      return this.outbox.record(manager, entityMoved(origin, toEntity(moved), { path: row.path, parentId: row.parent_id, subtreeSize: stats.size }));
    });
  }
}
