import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  hierarchyChildrenQuerySchema,
  hierarchyDescendantsQuerySchema,
  hierarchyPathParamsSchema,
  hierarchyReadQuerySchema,
  hierarchyRootsQuerySchema,
  hierarchySearchQuerySchema,
  type ForwardedIdentity,
  type HierarchyColumns,
  type HierarchyStats,
  type Node,
  type NodeWithAncestors,
  type Page,
} from '@forecastin/contracts';
import { CurrentIdentity, ZodValidationPipe } from '@forecastin/lifecycle';
import type { z } from 'zod';
import type { ReadOptions } from '../cache/tiered-cache';
import { ConsistencyWaiter } from './consistency-waiter';
import { HierarchyReader } from './hierarchy-reader';

type PathParams = z.infer<typeof hierarchyPathParamsSchema>;
const pathPipe = new ZodValidationPipe(hierarchyPathParamsSchema);

/** GET /api/v1/hierarchy/* (API.md "Hierarchy"): validated input, the caller's workspace, the reader. */
@Controller('api/v1/hierarchy')
export class HierarchyController {
  constructor(
    private readonly reader: HierarchyReader,
    private readonly waiter: ConsistencyWaiter,
  ) {}

  /** With a consistency token: wait until its event is applied, then read past the caches. */
  private async readOptions(workspaceId: string, eventId: string | undefined): Promise<ReadOptions> {
    if (eventId === undefined) return { fresh: false };
    await this.waiter.waitFor(workspaceId, eventId);
    return { fresh: true };
  }

  @Get('roots')
  async roots(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Query(new ZodValidationPipe(hierarchyRootsQuerySchema)) query: z.infer<typeof hierarchyRootsQuerySchema>,
  ): Promise<Page<Node>> {
    const options = await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.roots(identity.workspace_id, query, options);
  }

  @Get('nodes/:path')
  async node(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Param(pathPipe) params: PathParams,
    @Query(new ZodValidationPipe(hierarchyReadQuerySchema)) query: z.infer<typeof hierarchyReadQuerySchema>,
  ): Promise<NodeWithAncestors> {
    const options = await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.node(identity.workspace_id, params.path, options);
  }

  @Get('nodes/:path/children')
  async children(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Param(pathPipe) params: PathParams,
    @Query(new ZodValidationPipe(hierarchyChildrenQuerySchema)) query: z.infer<typeof hierarchyChildrenQuerySchema>,
  ): Promise<Page<Node>> {
    const options = await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.children(identity.workspace_id, params.path, query, options);
  }

  @Get('nodes/:path/descendants')
  async descendants(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Param(pathPipe) params: PathParams,
    @Query(new ZodValidationPipe(hierarchyDescendantsQuerySchema)) query: z.infer<typeof hierarchyDescendantsQuerySchema>,
  ): Promise<Page<Node>> {
    const options = await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.descendants(identity.workspace_id, params.path, query, options);
  }

  @Get('columns/:path')
  async columns(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Param(pathPipe) params: PathParams,
    @Query(new ZodValidationPipe(hierarchyReadQuerySchema)) query: z.infer<typeof hierarchyReadQuerySchema>,
  ): Promise<HierarchyColumns> {
    const options = await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.columns(identity.workspace_id, params.path, options);
  }

  @Get('search')
  async search(
    @CurrentIdentity() identity: ForwardedIdentity,
    @Query(new ZodValidationPipe(hierarchySearchQuerySchema)) query: z.infer<typeof hierarchySearchQuerySchema>,
  ): Promise<{ items: Node[] }> {
    // Search always reads the database (L3): waiting for the token is all read-your-writes needs.
    await this.readOptions(identity.workspace_id, query.consistency_token);
    return this.reader.search(identity.workspace_id, query);
  }

  @Get('stats')
  stats(@CurrentIdentity() identity: ForwardedIdentity): Promise<HierarchyStats> {
    return this.reader.stats(identity.workspace_id);
  }
}
