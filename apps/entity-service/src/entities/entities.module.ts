import { Module } from '@nestjs/common';
import { EntityOutbox } from './entity-outbox';
import { EntityController } from './http/entity.controller';
import { EntityRpcController } from './rpc/entity-rpc.controller';
import { CreateEntityUseCase } from './use-cases/create-entity.use-case';
import { DeleteEntityUseCase } from './use-cases/delete-entity.use-case';
import { MoveEntityUseCase } from './use-cases/move-entity.use-case';
import { ReadEntitiesQuery } from './use-cases/read-entities.query';
import { UpdateEntityUseCase } from './use-cases/update-entity.use-case';

/** Entities over HTTP (/api/v1/entities) and NATS request/reply (rpc.entity.*). */
@Module({
  controllers: [EntityController, EntityRpcController],
  providers: [EntityOutbox, CreateEntityUseCase, UpdateEntityUseCase, MoveEntityUseCase, DeleteEntityUseCase, ReadEntitiesQuery],
})
export class EntitiesModule {}
