import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  createEntityBodySchema,
  createEntityHeadersSchema,
  deleteEntityQuerySchema,
  entityIdParamsSchema,
  entityListQuerySchema,
  moveEntityBodySchema,
  updateEntityBodySchema,
  type CreateEntityBody,
  type EntityListQuery,
  type ForwardedIdentity,
  type MoveEntityBody,
  type UpdateEntityBody,
} from '@forecastin/contracts';
import { CurrentIdentity, ZodValidationPipe } from '@forecastin/lifecycle';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { entityNotFound } from '../entity-errors';
import type { WriteOrigin } from '../entity-events.factory';
import { ifNoneMatchHolds } from '../entity-tags';
import { CreateEntityUseCase } from '../use-cases/create-entity.use-case';
import { DeleteEntityUseCase } from '../use-cases/delete-entity.use-case';
import { MoveEntityUseCase } from '../use-cases/move-entity.use-case';
import { ReadEntitiesQuery } from '../use-cases/read-entities.query';
import { UpdateEntityUseCase } from '../use-cases/update-entity.use-case';
import { sendEntity, sendWrite } from './entity-responses';

type IdParams = { id: string };
const idPipe = new ZodValidationPipe(entityIdParamsSchema);
// Nest's @Headers() takes no pipe: the handler runs this one on the request's headers.
const createHeadersPipe = new ZodValidationPipe(createEntityHeadersSchema);
const origin = (identity: ForwardedIdentity, request: FastifyRequest): WriteOrigin => ({ workspaceId: identity.workspace_id, requestId: String(request.id) });

/** /api/v1/entities (API.md "Entities"). Roles are the gateway's job; the workspace is the verified identity's. */
@Controller('api/v1/entities')
export class EntityController {
  constructor(
    private readonly createEntity: CreateEntityUseCase,
    private readonly updateEntity: UpdateEntityUseCase,
    private readonly moveEntity: MoveEntityUseCase,
    private readonly deleteEntity: DeleteEntityUseCase,
    private readonly read: ReadEntitiesQuery,
  ) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(createEntityBodySchema)) body: CreateEntityBody,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const headers = createHeadersPipe.transform(request.headers);
    const result = await this.createEntity.execute({ origin: origin(identity, request), userId: identity.sub, body, idempotencyKey: headers['idempotency-key'] });
    void reply.header('location', `/api/v1/entities/${result.entity.id}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    sendWrite(reply, 201, result);
  }

  @Get()
  list(@Query(new ZodValidationPipe(entityListQuerySchema)) query: EntityListQuery, @CurrentIdentity() identity: ForwardedIdentity) {
    return this.read.list(identity.workspace_id, query);
  }

  @Get(':id')
  async get(
    @Param(idPipe) { id }: IdParams,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const entity = await this.read.get(identity.workspace_id, id);
    if (!entity) throw entityNotFound();
    if (ifNoneMatch !== undefined && ifNoneMatchHolds(ifNoneMatch, entity.version)) {
      void reply.status(304).header('etag', `"${entity.version}"`).send();
      return;
    }
    sendEntity(reply, 200, entity);
  }

  @Patch(':id')
  async update(
    @Param(idPipe) { id }: IdParams,
    @Body(new ZodValidationPipe(updateEntityBodySchema)) patch: UpdateEntityBody,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, 200, await this.updateEntity.execute({ origin: origin(identity, request), id, patch, ifMatch }));
  }

  @Post(':id/move')
  async move(
    @Param(idPipe) { id }: IdParams,
    @Body(new ZodValidationPipe(moveEntityBodySchema)) body: MoveEntityBody,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWrite(reply, 200, await this.moveEntity.execute({ origin: origin(identity, request), id, parentId: body.parent_id, ifMatch }));
  }

  @Delete(':id')
  async remove(
    @Param(idPipe) { id }: IdParams,
    @Query(new ZodValidationPipe(deleteEntityQuerySchema)) query: { cascade: 'true' | 'false' },
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const cascade = query.cascade === 'true';
    sendWrite(reply, 204, await this.deleteEntity.execute({ origin: origin(identity, request), id, cascade, ifMatch }));
  }
}
