import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, MAX_PATH_DEPTH, slugifyKey, type CreateEntityBody } from '@forecastin/contracts';
import { AppError, SERVICE_CONFIG } from '@forecastin/lifecycle';
import type { EntityManager } from 'typeorm';
import type { EntityServiceConfig } from '../../config/entity-config.schema';
import { keyTaken, parentNotFound, tooDeep } from '../entity-errors';
import { entityCreated, type WriteOrigin } from '../entity-events.factory';
import { EntityOutbox } from '../entity-outbox';
import type { EntityWriteResult } from '../entity-write.result';
import { IdempotencyRepository, type IdempotencyScope } from '../idempotency/idempotency.repository';
import { requestFingerprint } from '../idempotency/request-fingerprint';
import { EntityRepository } from '../store/entity.repository';
import { toEntity } from '../store/entity-row';

export interface CreateEntityInput {
  origin: WriteOrigin;
  userId: string;
  body: CreateEntityBody;
  idempotencyKey?: string;
}

/** `replayed`: the answer stored for this Idempotency-Key, not a new entity. */
export type CreateEntityResult = EntityWriteResult & { replayed: boolean };

/**
 * POST /api/v1/entities. The key defaults to a slug of the name; the path is the parent's path +
 * the key; a sibling with the same key → 409 RESOURCE_ALREADY_EXISTS. With an Idempotency-Key the
 * first answer is stored in the same transaction and replayed for retries with the same body; the
 * same key with another body → 409 RESOURCE_CONFLICT (the key names one request, not a slot).
 */
@Injectable()
export class CreateEntityUseCase {
  private readonly entities = new EntityRepository();
  private readonly idempotency = new IdempotencyRepository();

  constructor(
    private readonly outbox: EntityOutbox,
    @Inject(SERVICE_CONFIG) private readonly config: EntityServiceConfig,
  ) {}

  execute(input: CreateEntityInput): Promise<CreateEntityResult> {
    const { workspaceId } = input.origin;
    return this.outbox.transaction(workspaceId, 'shared', async (manager) => {
      if (input.idempotencyKey === undefined) return { ...(await this.create(manager, input)), replayed: false };

      const scope: IdempotencyScope = { workspaceId, userId: input.userId, key: input.idempotencyKey };
      const requestHash = requestFingerprint(input.body);
      await this.idempotency.lock(manager, scope);
      const stored = await this.idempotency.find(manager, scope, this.config.IDEMPOTENCY_KEY_TTL_HOURS);
      if (stored) {
        if (stored.requestHash !== requestHash) {
          throw new AppError(ErrorCode.RESOURCE_CONFLICT, 'This Idempotency-Key was already used with a different request body', [
            { field: 'Idempotency-Key', message: 'reuse a key only to retry the same request' },
          ]);
        }
        return { entity: stored.entity, eventId: stored.eventId, replayed: true };
      }
      const created = await this.create(manager, input);
      await this.idempotency.save(manager, scope, { requestHash, ...created });
      await this.idempotency.purgeExpired(manager, workspaceId, this.config.IDEMPOTENCY_KEY_TTL_HOURS);
      return { ...created, replayed: false };
    });
  }

  private async create(manager: EntityManager, { origin, body }: CreateEntityInput): Promise<EntityWriteResult> {
    const key = body.key ?? slugifyKey(body.name);
    const parentId = body.parent_id ?? null;
    const row = await this.entities.insert(
      manager,
      origin.workspaceId,
      {
        id: randomUUID(),
        parentId,
        key,
        name: body.name,
        entityType: body.entity_type,
        description: body.description ?? null,
        location: body.location ?? null,
        metadata: body.metadata ?? {},
        confidenceScore: body.confidence_score ?? null,
      },
      MAX_PATH_DEPTH,
    );
    if (!row) throw await this.whyNotInserted(manager, origin.workspaceId, parentId, key);
    return this.outbox.record(manager, entityCreated(origin, toEntity(row)));
  }

  /** Only on the refused path, so a successful create stays one statement (the tree lock holds the parent still). */
  private async whyNotInserted(manager: EntityManager, workspaceId: string, parentId: string | null, key: string): Promise<AppError> {
    if (parentId === null) return keyTaken(key);
    const depth = await this.entities.parentDepth(manager, workspaceId, parentId);
    if (depth === undefined) return parentNotFound();
    if (depth + 1 > MAX_PATH_DEPTH) return tooDeep(depth + 1, MAX_PATH_DEPTH);
    return keyTaken(key);
  }
}
