import { Module } from '@nestjs/common';
import { EntityOutbox } from './entity-outbox';
import { EntityController } from './http/entity.controller';
import { EntityRpcController } from './rpc/entity-rpc.controller';
import { EntitySnapshotRpcController } from './rpc/entity-snapshot-rpc.controller';
import { EntitySnapshots } from './snapshot/entity-snapshots';
import { CreateEntityUseCase } from './use-cases/create-entity.use-case';
import { DeleteEntityUseCase } from './use-cases/delete-entity.use-case';
import { MoveEntityUseCase } from './use-cases/move-entity.use-case';
import { ReadEntitiesQuery } from './use-cases/read-entities.query';
import { UpdateEntityUseCase } from './use-cases/update-entity.use-case';

/** Entities over HTTP (/api/v1/entities) and NATS request/reply (rpc.entity.*, including the rebuild snapshots). */
@Module({
  controllers: [EntityController, EntityRpcController, EntitySnapshotRpcController],
  providers: [EntityOutbox, CreateEntityUseCase, UpdateEntityUseCase, MoveEntityUseCase, DeleteEntityUseCase, ReadEntitiesQuery, EntitySnapshots],
})
export class EntitiesModule {}
