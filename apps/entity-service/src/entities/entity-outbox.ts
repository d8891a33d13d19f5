import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import { outboxInsertOf, outboxNames } from '@forecastin/messaging';
import { PostgresDependency, queryBeforeCommit, withTenant, type TenantTransactionLock } from '@forecastin/persistence';
import type { EntityManager } from 'typeorm';
import type { EntityEvent } from './entity-events.factory';
import type { EntityWriteResult } from './entity-write.result';
import { treeLock } from './store/tree-lock';

interface WakeLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

const RELAY_CHANNEL = outboxNames('entity').channel;

/**
 * Stores a write's event in `entity.outbox` inside the write's own transaction: it is published
 * (by the OutboxRelay of service-definition.ts, in commit order, Nats-Msg-Id = event_id) if and
 * only if the write commits. Ordered per entity (`entity:<id>`), the outbox's default key.
 *
 * The relay is woken AFTER the commit, not by a NOTIFY inside the transaction: Postgres serialises
 * every commit that carries a NOTIFY on one cluster-wide lock held through its WAL flush, which
 * capped writes at a few hundred per second (see the OutboxNotifyAfterCommit migration).
 */
@Injectable()
export class EntityOutbox {
  private waking = false;
  private wakeAgain = false;

  constructor(
    private readonly postgres: PostgresDependency,
    @Inject(SERVICE_LOGGER) private readonly logger: WakeLogger,
  ) {}

  /**
   * A write's transaction (`withTenant`); once it has committed, the relay is woken. `treeLockMode`:
   * the workspace's tree lock (store/tree-lock.ts), taken before `work` runs.
   */
  async transaction<T>(
    workspaceId: string,
    treeLockMode: TenantTransactionLock['mode'] | 'none',
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const options = treeLockMode === 'none' ? {} : { lock: treeLock(workspaceId, treeLockMode) };
    const result = await withTenant(this.postgres.dataSource, workspaceId, work, options);
    this.wakeRelay();
    return result;
  }

  /**
   * Enqueues the write's one event, as the transaction's last statement: it goes out with the
   * COMMIT, in one write and one round trip (`queryBeforeCommit`), and if it fails the write is
   * rolled back. The write answers with the event's entity and id (its consistency token).
   */
  record(manager: EntityManager, event: EntityEvent): EntityWriteResult {
    const insert = outboxInsertOf([event]);
    queryBeforeCommit(manager, insert.text, insert.parameters);
    return { entity: event.entity, eventId: event.event_id };
  }

  /**
   * One NOTIFY in flight at most, and one more after it for the commits it may have missed, so a
   * burst of writes costs two statements, not one each. Not awaited: the answer does not wait for
   * it, and a lost wake-up only delays publishing to the relay's fallback poll (1 s).
   */
  private wakeRelay(): void {
    if (this.waking) {
      this.wakeAgain = true;
      return;
    }
    this.waking = true;
    this.wakeAgain = false;
    this.postgres.dataSource
      .query(`SELECT pg_notify($1, '')`, [RELAY_CHANNEL])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'outbox relay wake-up failed; the relay polls instead'))
      .finally(() => {
        this.waking = false;
        if (this.wakeAgain) this.wakeRelay();
      });
  }
}
