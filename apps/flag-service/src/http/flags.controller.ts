import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  createFlagBodySchema,
  flagKeyParamsSchema,
  killFlagsBodySchema,
  paginationQuerySchema,
  replaceFlagBodySchema,
  updateFlagBodySchema,
  type CreateFlagBody,
  type Flag,
  type FlagAuditEntry,
  type ForwardedIdentity,
  type Page,
  type PaginationQuery,
  type ReplaceFlagBody,
  type UpdateFlagBody,
} from '@forecastin/contracts';
import { CurrentIdentity, ZodValidationPipe } from '@forecastin/lifecycle';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { FlagQueries } from '../reads/flag-queries';
import { CreateFlagUseCase } from '../writes/create-flag.use-case';
import { DeleteFlagUseCase } from '../writes/delete-flag.use-case';
import { KillFlagsUseCase } from '../writes/kill-flags.use-case';
import { UpdateFlagUseCase } from '../writes/update-flag.use-case';
import { etagMatches, flagEtag } from './entity-tag';

const keyPipe = new ZodValidationPipe(flagKeyParamsSchema);
// Printable ASCII (what a UUID or any client-generated token is); wrapped so the error names the header.
const idempotencyKeyPipe = new ZodValidationPipe(
  z.object({ 'Idempotency-Key': z.string().regex(/^[\x21-\x7E]{1,255}$/, { error: 'Idempotency-Key must be 1-255 printable ASCII characters' }).optional() }),
);
const pagePipe = new ZodValidationPipe(paginationQuerySchema);

/**
 * `/api/v1/flags` (API.md "Feature flags"). The gateway has already checked roles (writes need
 * admin); every input is validated by the contracts' schemas; responses carry the flag's ETag.
 */
@Controller('api/v1/flags')
export class FlagsController {
  constructor(
    private readonly queries: FlagQueries,
    private readonly creating: CreateFlagUseCase,
    private readonly updating: UpdateFlagUseCase,
    private readonly deleting: DeleteFlagUseCase,
    private readonly killing: KillFlagsUseCase,
  ) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(createFlagBodySchema)) body: CreateFlagBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Flag> {
    const flag = await this.creating.execute(body, identity, idempotencyKeyPipe.transform({ 'Idempotency-Key': idempotencyKey })['Idempotency-Key']);
    void reply.header('etag', flagEtag(flag.version)).header('location', `/api/v1/flags/${encodeURIComponent(flag.key)}`);
    return flag;
  }

  @Get()
  list(@Query(pagePipe) query: PaginationQuery): Promise<Page<Flag>> {
    return this.queries.list(query);
  }

  // Declared before `:key` routes; find-my-way prefers the static segment anyway.
  @Post('kill')
  @HttpCode(200)
  kill(@Body(new ZodValidationPipe(killFlagsBodySchema)) body: { tag: string }, @CurrentIdentity() identity: ForwardedIdentity) {
    return this.killing.execute(body.tag, identity);
  }

  @Get(':key')
  async get(
    @Param(keyPipe) params: { key: string },
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Flag | undefined> {
    const flag = await this.queries.get(params.key);
    const etag = flagEtag(flag.version);
    void reply.header('etag', etag);
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) {
      void reply.status(304);
      return undefined;
    }
    return flag;
  }

  @Get(':key/audit')
  audit(@Param(keyPipe) params: { key: string }, @Query(pagePipe) query: PaginationQuery): Promise<Page<FlagAuditEntry>> {
    return this.queries.audit(params.key, query);
  }

  @Put(':key')
  async replace(
    @Param(keyPipe) params: { key: string },
    @Body(new ZodValidationPipe(replaceFlagBodySchema)) body: ReplaceFlagBody,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Flag> {
    return withEtag(reply, await this.updating.replace(params.key, body, ifMatch, identity));
  }

  @Patch(':key')
  async patch(
    @Param(keyPipe) params: { key: string },
    @Body(new ZodValidationPipe(updateFlagBodySchema)) body: UpdateFlagBody,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Flag> {
    return withEtag(reply, await this.updating.patch(params.key, body, ifMatch, identity));
  }

  @Delete(':key')
  @HttpCode(204)
  async remove(
    @Param(keyPipe) params: { key: string },
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
  ): Promise<void> {
    await this.deleting.execute(params.key, ifMatch, identity);
  }
}

function withEtag(reply: FastifyReply, flag: Flag): Flag {
  void reply.header('etag', flagEtag(flag.version));
  return flag;
}
