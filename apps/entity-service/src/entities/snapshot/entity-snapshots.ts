import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  ErrorCode,
  entitySnapshotIdSchema,
  type EntitySnapshotOpenResponse,
  type EntitySnapshotPageRequest,
  type EntitySnapshotPageResponse,
  type SnapshotEntity,
} from '@forecastin/contracts';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@forecastin/lifecycle';
import { RpcError } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { PostgresDependency } from '@forecastin/persistence';
import { Client } from 'pg';
import type { EntityServiceConfig } from '../../config/entity-config.schema';
import { snapshotPage } from './snapshot-page';

/** How long Postgres itself lets an exporter sit idle in its transaction past its lifetime (a backstop for a lost timer). */
const BACKSTOP_MARGIN_MS = 30_000;

/** The exporter session's application_name: how another instance finds it to close it (see `close`). */
const APPLICATION_NAME_PREFIX = 'entity-service snapshot';
const applicationNameOf = (snapshotId: string): string => `${APPLICATION_NAME_PREFIX} ${snapshotId}`;

interface HeldSnapshot {
  readonly client: Client;
  readonly timer: NodeJS.Timeout;
}

/** SQLSTATEs of `SET TRANSACTION SNAPSHOT` for a snapshot that is not (or no longer) exported. */
const SNAPSHOT_GONE_CODES = new Set(['22023', '0A000', '55000']);

function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  if ('driverError' in error) return sqlStateOf(error.driverError);
  return undefined;
}

function snapshotGone(snapshotId: string): RpcError {
  return new RpcError(ErrorCode.RESOURCE_NOT_FOUND, 'Snapshot not found: never opened, closed, or expired', [
    { field: 'snapshot_id', message: `no open snapshot ${snapshotId}` },
  ]);
}

const PAGE_COLUMNS = `e.workspace_id, e.id, e.parent_id, e.path::text AS path, e.key, e.name, e.entity_type, e.version`;

/**
 * Consistent snapshots of every workspace's tree for internal rebuilds (`rpc.entity.snapshot_*`).
 *
 * `open` starts a READ ONLY REPEATABLE READ transaction on a connection of its own (never one of the
 * pool's: it stays open for the snapshot's lifetime), exports its snapshot and keeps the transaction
 * open until `close`, its lifetime (`ENTITY_SNAPSHOT_TTL_MS`) or shutdown, at most
 * `ENTITY_SNAPSHOT_MAX_OPEN` at once. `page` may run on any instance: it imports the snapshot into a
 * pool transaction and reads one keyset page. Both run outside `withTenant()`, as the service login,
 * which must read every workspace (BYPASSRLS in production, deploy/README "Postgres roles").
 */
@Injectable()
export class EntitySnapshots implements OnApplicationShutdown {
  private readonly held = new Map<string, HeldSnapshot>();
  private opening = 0;

  constructor(
    private readonly postgres: PostgresDependency,
    @Inject(SERVICE_CONFIG) private readonly config: EntityServiceConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** Snapshots this instance holds open now. */
  get openCount(): number {
    return this.held.size;
  }

  async open(): Promise<EntitySnapshotOpenResponse> {
    const max = this.config.ENTITY_SNAPSHOT_MAX_OPEN;
    if (this.held.size + this.opening >= max) {
      throw new RpcError(ErrorCode.RATE_LIMIT_EXCEEDED, `This instance already holds ${max} open snapshot(s) (ENTITY_SNAPSHOT_MAX_OPEN); close one or retry later`);
    }
    this.opening += 1;
    try {
      return await this.export();
    } finally {
      this.opening -= 1;
    }
  }

  private async export(): Promise<EntitySnapshotOpenResponse> {
    const ttl = this.config.ENTITY_SNAPSHOT_TTL_MS;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: APPLICATION_NAME_PREFIX,
      connectionTimeoutMillis: this.config.DB_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      statement_timeout: this.config.DB_STATEMENT_TIMEOUT_MS,
      query_timeout: this.config.DB_STATEMENT_TIMEOUT_MS + 1000,
      idle_in_transaction_session_timeout: ttl + BACKSTOP_MARGIN_MS,
    });
    // A dropped socket (or a close from another instance) arrives as an 'error' event: never a crash.
    client.on('error', (error: Error) => this.logger.warn({ err: error }, 'snapshot connection failed'));
    await client.connect();
    let snapshotId: string;
    try {
      const roles: Array<{ all_rows: boolean }> = (
        await client.query(`SELECT rolsuper OR rolbypassrls AS all_rows FROM pg_roles WHERE rolname = current_user`)
      ).rows;
      if (roles[0]?.all_rows !== true) {
        // Row-level security would hide every row outside withTenant(): a silently empty snapshot.
        throw new RpcError(ErrorCode.SERVICE_UNAVAILABLE, 'The service login cannot read every workspace (it needs BYPASSRLS): no snapshot can be served');
      }
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const exported: Array<{ id: string }> = (await client.query('SELECT pg_export_snapshot() AS id')).rows;
      snapshotId = entitySnapshotIdSchema.parse(exported[0]?.id);
      await client.query(`SELECT set_config('application_name', $1, false)`, [applicationNameOf(snapshotId)]);
    } catch (error: unknown) {
      await client.end().catch(() => undefined);
      throw error;
    }
    const expiresAt = new Date(Date.now() + ttl);
    const timer = setTimeout(() => void this.release(snapshotId, 'expired'), ttl);
    timer.unref();
    this.held.set(snapshotId, { client, timer });
    // Closed from elsewhere (another instance's `close`, a restart of Postgres): free the slot.
    client.once('end', () => {
      if (this.held.get(snapshotId)?.client !== client) return;
      clearTimeout(timer);
      this.held.delete(snapshotId);
      this.logger.info({ snapshotId }, 'snapshot connection ended');
    });
    this.logger.info({ snapshotId, expiresAt: expiresAt.toISOString(), open: this.held.size }, 'snapshot opened');
    return { snapshot_id: snapshotId, expires_at: expiresAt.toISOString() };
  }

  /**
   * Ends a snapshot wherever it is held. Held here: its transaction is rolled back and its connection
   * closed. Held by another instance (requests are spread over the queue group): that instance's
   * exporter session, found by its application_name, is terminated; the holder sees its connection
   * end and frees the slot. `false` when no session had it (already closed or expired).
   */
  async close(snapshotId: string): Promise<boolean> {
    if (await this.release(snapshotId, 'closed')) return true;
    const rows: Array<{ terminated: number }> = await this.postgres.dataSource.query(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS terminated
         FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [applicationNameOf(snapshotId)],
    );
    const closed = (rows[0]?.terminated ?? 0) > 0;
    if (closed) this.logger.info({ snapshotId }, 'snapshot of another instance closed');
    return closed;
  }

  /** One keyset page of the snapshot over all workspaces, in (workspace_id, path) order. */
  async page(request: EntitySnapshotPageRequest): Promise<EntitySnapshotPageResponse> {
    // The schema validated it already; checked again right before it becomes an SQL literal.
    const snapshotId = entitySnapshotIdSchema.parse(request.snapshot_id);
    const runner = this.postgres.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        try {
          await runner.query(`SET TRANSACTION SNAPSHOT '${snapshotId}'`);
        } catch (error: unknown) {
          const code = sqlStateOf(error);
          if (code !== undefined && SNAPSHOT_GONE_CODES.has(code)) throw snapshotGone(snapshotId);
          throw error;
        }
        const after = request.after;
        const rows: SnapshotEntity[] =
          after === null
            ? await runner.query(`SELECT ${PAGE_COLUMNS} FROM entities e ORDER BY e.workspace_id, e.path LIMIT $1`, [request.limit + 1])
            : await runner.query(
                `SELECT ${PAGE_COLUMNS} FROM entities e
                  WHERE (e.workspace_id, e.path) > ($1::uuid, $2::text::public.ltree)
                  ORDER BY e.workspace_id, e.path LIMIT $3`,
                [after.workspace_id, after.path, request.limit + 1],
              );
        await runner.query('COMMIT');
        return snapshotPage(rows, request.limit);
      } catch (error: unknown) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.held.keys()].map((snapshotId) => this.release(snapshotId, 'shutdown')));
  }

  private async release(snapshotId: string, reason: 'closed' | 'expired' | 'shutdown'): Promise<boolean> {
    const held = this.held.get(snapshotId);
    if (!held) return false;
    this.held.delete(snapshotId);
    clearTimeout(held.timer);
    await held.client.query('ROLLBACK').catch(() => undefined);
    await held.client.end().catch(() => undefined);
    this.logger.info({ snapshotId, reason, open: this.held.size }, 'snapshot released');
    return true;
  }
}
