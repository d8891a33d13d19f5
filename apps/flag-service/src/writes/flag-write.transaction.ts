import { Inject, Injectable } from '@nestjs/common';
import {
  createEventEnvelope,
  ErrorCode,
  featureFlagDeletedEventSchema,
  featureFlagUpdateEventSchema,
  FLAGS_TOPIC,
  GLOBAL_WORKSPACE,
  rolloutPercentageOf,
  type EventEnvelope,
  type FlagDefinition,
  type ForwardedIdentity,
} from '@forecastin/contracts';
import { AppError, SERVICE_LOGGER } from '@forecastin/lifecycle';
import { enqueueEvents } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { PostgresDependency } from '@forecastin/persistence';
import type { EntityManager } from 'typeorm';
import { FlagStoreDependency } from '../live/flag-store.dependency';
import { flagAuditRepository, type AuditRecord } from '../storage/flag-audit.repository';
import { flagRepository, type WriteStamp } from '../storage/flag.repository';
import type { FlagRow } from '../storage/flag-row.mapper';
import { checkDependencies } from './dependency-graph';

/**
 * One flag write: everything a use case does inside it (rows, audit entries, outbox events)
 * commits together or not at all. Writers are serialised by the revision row they lock first.
 */
export class FlagWrite {
  private readonly audit: AuditRecord[] = [];
  private readonly events: EventEnvelope[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly revision: number,
    readonly stamp: WriteStamp,
    private readonly correlationId: string,
  ) {}

  /** 400 for a dependency on a flag that does not exist, 409 when the dependencies would close a loop. */
  async checkDependencies(key: string, definition: FlagDefinition): Promise<void> {
    if (definition.dependencies.length === 0) return;
    const problems = checkDependencies(key, definition.dependencies, await flagRepository.dependencyEdges(this.manager));
    if (problems.unknown.length > 0) {
      throw new AppError(
        ErrorCode.VALIDATION_ERROR,
        'Invalid input',
        problems.unknown.map((index) => ({ field: `dependencies.${index}.flag_key`, message: `no flag ${JSON.stringify(definition.dependencies[index]?.flag_key)}` })),
      );
    }
    if (problems.cycle) {
      throw new AppError(ErrorCode.RESOURCE_CONFLICT, `dependency cycle: ${problems.cycle.join(' → ')}`, [{ field: 'dependencies', message: `would create the cycle ${problems.cycle.join(' → ')}` }]);
    }
  }

  /** Records the audit entry and the `feature_flag_update` event of a created or changed flag. */
  changed(row: FlagRow, action: 'created' | 'updated' | 'killed', diff: AuditRecord['diff']): void {
    this.audit.push({ flagKey: row.key, action, diff, flagVersion: row.version });
    this.events.push(
      createEventEnvelope(featureFlagUpdateEventSchema, {
        ...this.envelope(),
        flag_key: row.key,
        enabled: row.enabled,
        rollout_percentage: rolloutPercentageOf(row.strategies),
        revision: this.revision,
      }),
    );
  }

  deleted(row: FlagRow, diff: AuditRecord['diff']): void {
    this.audit.push({ flagKey: row.key, action: 'deleted', diff, flagVersion: row.version });
    this.events.push(createEventEnvelope(featureFlagDeletedEventSchema, { ...this.envelope(), flag_key: row.key, revision: this.revision }));
  }

  /** Writes what was recorded; called once, last, inside the transaction. */
  async flush(): Promise<void> {
    await flagAuditRepository.append(this.manager, this.audit, this.stamp);
    await enqueueEvents(this.manager, this.events);
  }

  private envelope() {
    return { workspace_id: GLOBAL_WORKSPACE as typeof GLOBAL_WORKSPACE, correlation_id: this.correlationId, topic: FLAGS_TOPIC };
  }
}

@Injectable()
export class FlagWriter {
  constructor(
    private readonly postgres: PostgresDependency,
    private readonly flags: FlagStoreDependency,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Runs `work` in a transaction that holds the writers' lock, then flushes its audit entries and
   * events, commits, and brings this instance's snapshot up to the committed revision before the
   * caller answers (a client reading right after its write, through this instance, sees it).
   */
  async run<T>(identity: ForwardedIdentity, work: (write: FlagWrite) => Promise<T>): Promise<T> {
    const { result, revision } = await this.postgres.dataSource.transaction(async (manager) => {
      const revision = await flagRepository.nextRevision(manager);
      const write = new FlagWrite(manager, revision, { by: identity.sub, at: new Date() }, identity.request_id);
      const result = await work(write);
      await write.flush();
      return { result, revision };
    });
    // The write is committed whatever happens now; a failed reload is retried by the revision poll.
    await this.flags.store.refreshTo(revision).catch((error: unknown) => this.logger.warn({ err: error, revision }, 'snapshot reload after a write failed'));
    return result;
  }
}
