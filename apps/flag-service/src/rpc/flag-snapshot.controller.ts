import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { flagSnapshotRequestSchema, rpcSubject, type FlagSnapshotRequest, type FlagSnapshotResponse } from '@forecastin/contracts';
import { RpcErrorEnvelopeFilter, ZodRpcPipe } from '@forecastin/messaging';
import { FlagStoreDependency } from '../live/flag-store.dependency';

/** `rpc.flag.snapshot`: the in-memory snapshot for flags-client; unchanged → `{modified: false}`. */
@Controller()
@UseFilters(RpcErrorEnvelopeFilter)
export class FlagSnapshotRpcController {
  constructor(private readonly flags: FlagStoreDependency) {}

  @MessagePattern(rpcSubject('flag', 'snapshot'))
  snapshot(@Payload(new ZodRpcPipe(flagSnapshotRequestSchema)) request: FlagSnapshotRequest): FlagSnapshotResponse {
    const { revision, etag, flags } = this.flags.store.current;
    if (request.if_none_match === etag) return { modified: false, revision, etag };
    return { modified: true, revision, etag, flags: [...flags] };
  }
}
