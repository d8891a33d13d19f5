import {
  ErrorCode,
  MAX_ENTITY_SNAPSHOT_PAGE,
  entitySnapshotCloseRequestSchema,
  entitySnapshotCloseResponseSchema,
  entitySnapshotOpenRequestSchema,
  entitySnapshotOpenResponseSchema,
  entitySnapshotPageRequestSchema,
  entitySnapshotPageResponseSchema,
  type EntitySnapshotOpenResponse,
  type EntitySnapshotPageResponse,
  type EntitySnapshotPosition,
  type SnapshotEntity,
} from '@forecastin/contracts';
import { RpcError, rpcRequest, type NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';

/**
 * Bound on each snapshot call. Generous: opening connects a Postgres session on entity-service's
 * side, and a rebuild is an operator's command, not a request path (NATS_REQUEST_TIMEOUT_MS is
 * tuned for those).
 */
export const SNAPSHOT_RPC_TIMEOUT_MS = 30_000;

/** The rebuild failed before changing anything, or rolled back: the read model is as it was. */
export class EntitySnapshotUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntitySnapshotUnavailableError';
  }
}

/**
 * entity-service's consistent snapshot of every workspace's tree, read over NATS request/reply
 * (`rpc.entity.snapshot_open` / `_page` / `_close`, apps/entity-service/README.md).
 */
export class EntitySnapshotClient {
  constructor(
    private readonly nats: NatsDependency,
    private readonly logger: Logger,
    private readonly timeoutMs = SNAPSHOT_RPC_TIMEOUT_MS,
  ) {}

  async open(): Promise<EntitySnapshotOpenResponse> {
    const subject = this.nats.subjects.rpc('entity', 'snapshot_open');
    try {
      return await rpcRequest(this.nats, subject, {}, {
        requestSchema: entitySnapshotOpenRequestSchema,
        responseSchema: entitySnapshotOpenResponseSchema,
        timeoutMs: this.timeoutMs,
      });
    } catch (error: unknown) {
      if (!(error instanceof RpcError)) throw error;
      if (error.code === ErrorCode.SERVICE_UNAVAILABLE || error.code === ErrorCode.UPSTREAM_TIMEOUT) {
        throw new EntitySnapshotUnavailableError(
          `entity-service did not answer ${subject} (${error.message}); nothing was changed. Is entity-service running on this NATS_URL with the same NATS_SUBJECT_PREFIX?`,
        );
      }
      throw new EntitySnapshotUnavailableError(`entity-service refused to open a snapshot (${error.code}: ${error.message}); nothing was changed`);
    }
  }

  /** Every entity of the snapshot, a page at a time, in (workspace_id, path) order. */
  async *pages(snapshotId: string, limit = MAX_ENTITY_SNAPSHOT_PAGE): AsyncGenerator<SnapshotEntity[]> {
    let after: EntitySnapshotPosition | null = null;
    for (;;) {
      const page: EntitySnapshotPageResponse = await this.page(snapshotId, after, limit);
      if (page.items.length > 0) yield page.items;
      if (page.next === null) return;
      after = page.next;
    }
  }

  private async page(snapshotId: string, after: EntitySnapshotPosition | null, limit: number): Promise<EntitySnapshotPageResponse> {
    try {
      return await rpcRequest(this.nats, this.nats.subjects.rpc('entity', 'snapshot_page'), { snapshot_id: snapshotId, after, limit }, {
        requestSchema: entitySnapshotPageRequestSchema,
        responseSchema: entitySnapshotPageResponseSchema,
        timeoutMs: this.timeoutMs,
      });
    } catch (error: unknown) {
      if (!(error instanceof RpcError)) throw error;
      const hint =
        error.code === ErrorCode.RESOURCE_NOT_FOUND
          ? ' (closed or expired: entity-service keeps a snapshot ENTITY_SNAPSHOT_TTL_MS at most, and closes it when its instance stops)'
          : '';
      throw new EntitySnapshotUnavailableError(`reading snapshot ${snapshotId} failed${hint}: ${error.code}: ${error.message}; the rebuild was rolled back`);
    }
  }

  /** Best effort: a snapshot left open expires on entity-service's side anyway. */
  async close(snapshotId: string): Promise<void> {
    try {
      const answer = await rpcRequest(this.nats, this.nats.subjects.rpc('entity', 'snapshot_close'), { snapshot_id: snapshotId }, {
        requestSchema: entitySnapshotCloseRequestSchema,
        responseSchema: entitySnapshotCloseResponseSchema,
        timeoutMs: this.timeoutMs,
      });
      if (!answer.closed) this.logger.warn({ snapshotId }, 'the entity-service snapshot was already closed');
    } catch (error: unknown) {
      this.logger.warn({ err: error, snapshotId }, 'could not close the entity-service snapshot; it expires on its own');
    }
  }
}
