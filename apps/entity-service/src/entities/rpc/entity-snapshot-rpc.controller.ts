import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  entitySnapshotCloseRequestSchema,
  entitySnapshotOpenRequestSchema,
  entitySnapshotPageRequestSchema,
  rpcSubject,
  type EntitySnapshotCloseRequest,
  type EntitySnapshotCloseResponse,
  type EntitySnapshotOpenRequest,
  type EntitySnapshotOpenResponse,
  type EntitySnapshotPageRequest,
  type EntitySnapshotPageResponse,
} from '@forecastin/contracts';
import { RpcErrorEnvelopeFilter, ZodRpcPipe } from '@forecastin/messaging';
import { EntitySnapshots } from '../snapshot/entity-snapshots';

/**
 * `rpc.entity.snapshot_open` / `snapshot_page` / `snapshot_close`: a consistent snapshot of every
 * workspace's tree for internal rebuilds (hierarchy-service `rebuild --from entity-service`). Not
 * scoped to a workspace: NATS is internal (network policy), and only rebuilds call these.
 */
@Controller()
@UseFilters(RpcErrorEnvelopeFilter)
export class EntitySnapshotRpcController {
  constructor(private readonly snapshots: EntitySnapshots) {}

  @MessagePattern(rpcSubject('entity', 'snapshot_open'))
  open(@Payload(new ZodRpcPipe(entitySnapshotOpenRequestSchema)) _request: EntitySnapshotOpenRequest): Promise<EntitySnapshotOpenResponse> {
    return this.snapshots.open();
  }

  @MessagePattern(rpcSubject('entity', 'snapshot_page'))
  page(@Payload(new ZodRpcPipe(entitySnapshotPageRequestSchema)) request: EntitySnapshotPageRequest): Promise<EntitySnapshotPageResponse> {
    return this.snapshots.page(request);
  }

  @MessagePattern(rpcSubject('entity', 'snapshot_close'))
  async close(@Payload(new ZodRpcPipe(entitySnapshotCloseRequestSchema)) request: EntitySnapshotCloseRequest): Promise<EntitySnapshotCloseResponse> {
    return { closed: await this.snapshots.close(request.snapshot_id) };
  }
}
