import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ErrorCode,
  entityBatchGetRequestSchema,
  entityGetRequestSchema,
  rpcSubject,
  type Entity,
  type EntityBatchGetRequest,
  type EntityBatchGetResponse,
  type EntityGetRequest,
} from '@forecastin/contracts';
import { RpcError, RpcErrorEnvelopeFilter, ZodRpcPipe } from '@forecastin/messaging';
import { ReadEntitiesQuery } from '../use-cases/read-entities.query';

/**
 * `rpc.entity.get` / `rpc.entity.batch_get` for internal callers. The caller names the workspace
 * (services are trusted on NATS, which the network policy keeps internal); an entity of another
 * workspace is answered exactly like a missing one.
 */
@Controller()
@UseFilters(RpcErrorEnvelopeFilter)
export class EntityRpcController {
  constructor(private readonly read: ReadEntitiesQuery) {}

  @MessagePattern(rpcSubject('entity', 'get'))
  async get(@Payload(new ZodRpcPipe(entityGetRequestSchema)) request: EntityGetRequest): Promise<Entity> {
    const entity = await this.read.get(request.workspace_id, request.id);
    if (!entity) throw new RpcError(ErrorCode.RESOURCE_NOT_FOUND, 'Entity not found');
    return entity;
  }

  @MessagePattern(rpcSubject('entity', 'batch_get'))
  batchGet(@Payload(new ZodRpcPipe(entityBatchGetRequestSchema)) request: EntityBatchGetRequest): Promise<EntityBatchGetResponse> {
    return this.read.getMany(request.workspace_id, request.ids);
  }
}
