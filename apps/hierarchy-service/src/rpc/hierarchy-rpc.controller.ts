import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  hierarchyAncestorsRequestSchema,
  hierarchyDescendantsRequestSchema,
  hierarchyNodeRequestSchema,
  rpcSubject,
  type Ancestor,
  type HierarchyAncestorsRequest,
  type HierarchyDescendantsRequest,
  type HierarchyNodeRequest,
  type Node,
  type NodeWithAncestors,
  type Page,
} from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { RpcError, RpcErrorEnvelopeFilter, ZodRpcPipe } from '@forecastin/messaging';
import { HierarchyReader } from '../http/hierarchy-reader';

const cached = { fresh: false };

/** `rpc.hierarchy.*` for other services (scenario forecasts): the same reads as HTTP, scoped to the named workspace. */
@Controller()
@UseFilters(RpcErrorEnvelopeFilter)
export class HierarchyRpcController {
  constructor(private readonly reader: HierarchyReader) {}

  @MessagePattern(rpcSubject('hierarchy', 'node'))
  node(@Payload(new ZodRpcPipe(hierarchyNodeRequestSchema)) input: HierarchyNodeRequest): Promise<NodeWithAncestors> {
    return asRpc(() => this.reader.node(input.workspace_id, input.path, cached));
  }

  @MessagePattern(rpcSubject('hierarchy', 'ancestors'))
  ancestors(@Payload(new ZodRpcPipe(hierarchyAncestorsRequestSchema)) input: HierarchyAncestorsRequest): Promise<{ items: Ancestor[] }> {
    return asRpc(async () => ({ items: (await this.reader.node(input.workspace_id, input.path, cached)).ancestors }));
  }

  @MessagePattern(rpcSubject('hierarchy', 'descendants'))
  descendants(@Payload(new ZodRpcPipe(hierarchyDescendantsRequestSchema)) input: HierarchyDescendantsRequest): Promise<Page<Node>> {
    return asRpc(() => this.reader.descendants(input.workspace_id, input.path, input, cached));
  }
}

/** The reader speaks HTTP errors (AppError); the RPC envelope filter knows RpcError. */
async function asRpc<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof AppError) throw new RpcError(error.code, error.message, error.details ? [...error.details] : undefined);
    throw error;
  }
}
