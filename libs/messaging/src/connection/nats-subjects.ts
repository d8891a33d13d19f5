import {
  aggregateEventsSubject,
  allEventsSubject,
  assertSubjectToken,
  cacheInvalidateSubject,
  eventSubject,
  rpcSubject,
  withSubjectPrefix,
  workspaceEventsSubject,
  type CacheService,
  type EventAggregate,
  type RpcOperation,
  type RpcService,
} from '@forecastin/contracts';

/** The contracts' subject builders bound to one prefix: what this connection puts on the wire. */
export interface NatsSubjects {
  readonly prefix: string;
  event(workspaceId: string, aggregate: EventAggregate, action: string): string;
  rpc<S extends RpcService>(service: S, operation: RpcOperation<S>): string;
  cacheInvalidate(service: CacheService): string;
  workspaceEvents(workspaceId: string): string;
  aggregateEvents(aggregate: EventAggregate): string;
  /** `dlq.<durable>`: where a consumer parks messages it can never process. */
  deadLetter(durable: string): string;
  readonly allEvents: string;
  readonly allDeadLetters: string;
  /** Prefixes any other subject (e.g. a test-only one). */
  raw(subject: string): string;
}

export function natsSubjects(prefix: string): NatsSubjects {
  return {
    prefix,
    event: (workspaceId, aggregate, action) => eventSubject(workspaceId, aggregate, action, prefix),
    rpc: (service, operation) => rpcSubject(service, operation, prefix),
    cacheInvalidate: (service) => cacheInvalidateSubject(service, prefix),
    workspaceEvents: (workspaceId) => workspaceEventsSubject(workspaceId, prefix),
    aggregateEvents: (aggregate) => aggregateEventsSubject(aggregate, prefix),
    deadLetter: (durable) => withSubjectPrefix(prefix, `dlq.${assertSubjectToken(durable, 'durable')}`),
    allEvents: allEventsSubject(prefix),
    allDeadLetters: withSubjectPrefix(prefix, 'dlq.>'),
    raw: (subject) => withSubjectPrefix(prefix, subject),
  };
}
