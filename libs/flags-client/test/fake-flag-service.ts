// Stands in for flag-service on NATS: answers `rpc.flag.snapshot` in the Nest wire format (as
// flag-service's @MessagePattern handler does) and publishes its change events to JetStream.
import { createEventEnvelope, featureFlagUpdateEventSchema, flagSnapshotRequestSchema, type EvaluableFlag, type Flag, type FlagSnapshotResponse } from '@forecastin/contracts';
import type { NatsDependency } from '@forecastin/messaging';
import type { Subscription } from 'nats';

function asStoredFlag(flag: EvaluableFlag, version: number): Flag {
  return { ...flag, description: '', type: 'release', tags: [], rollout_percentage: null, version, updated_by: 'test', updated_at: new Date().toISOString() };
}

export class FakeFlagService {
  /** Snapshot requests answered so far, and those answered `{modified: false}`. */
  requests = 0;
  notModified = 0;
  private revision = 1;
  private flags: Flag[];
  private subscription: Subscription | undefined;

  constructor(
    private readonly nats: NatsDependency,
    flags: readonly EvaluableFlag[],
  ) {
    this.flags = flags.map((flag) => asStoredFlag(flag, 1));
  }

  get currentRevision(): number {
    return this.revision;
  }

  /** Resolves once the server has the subscription, so the next request finds a responder. */
  async serve(): Promise<void> {
    this.subscription = this.nats.connection.subscribe(this.nats.subjects.rpc('flag', 'snapshot'), {
      callback: (_error, msg) => {
        const packet = JSON.parse(msg.string()) as { id: string; data: unknown };
        const request = flagSnapshotRequestSchema.parse(packet.data);
        this.requests += 1;
        const etag = `"${this.revision}"`;
        let response: FlagSnapshotResponse;
        if (request.if_none_match === etag) {
          this.notModified += 1;
          response = { modified: false, revision: this.revision, etag };
        } else {
          response = { modified: true, revision: this.revision, etag, flags: this.flags };
        }
        msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
    await this.nats.connection.flush();
  }

  /** Stops answering: requests then find no responder. */
  stopServing(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Replaces the definitions (a committed change) without announcing it. */
  change(flags: readonly EvaluableFlag[]): number {
    this.revision += 1;
    this.flags = flags.map((flag) => asStoredFlag(flag, this.revision));
    return this.revision;
  }

  /** Publishes `evt.global.flag.updated` for `key` through JetStream, as flag-service's outbox relay does. */
  async announce(key: string, revision: number | undefined = this.revision): Promise<void> {
    const flag = this.flags.find((candidate) => candidate.key === key);
    await this.nats.publishEvent(
      createEventEnvelope(featureFlagUpdateEventSchema, {
        correlation_id: 'test',
        workspace_id: 'global',
        topic: `flag:${key}`,
        flag_key: key,
        enabled: flag?.enabled ?? false,
        rollout_percentage: null,
        ...(revision === undefined ? {} : { revision }),
      }),
    );
  }
}
