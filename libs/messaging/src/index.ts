export { natsConfigShape, eventsMaxAgeMs, type NatsConfig } from './config/nats-config.schema';

export { NatsDependency, type NatsDependencyOptions } from './connection/nats.dependency';
export { natsSubjects, type NatsSubjects } from './connection/nats-subjects';
export { DUPLICATE_WINDOW_MS } from './connection/events-stream';

export { InvalidMessageError, NatsNotConnectedError, NatsPublishError, RpcError, RpcValidationError } from './errors/messaging.errors';

export { publishEvent, type PublishEventOptions } from './events/publish-event';
export { publishEvents, type PublishEventsOptions, type PublishOutcome } from './events/publish-events';
export {
  consumeEvents,
  type ConsumeEventsOptions,
  type EventConsumer,
  type BatchEventHandler,
  type EventHandler,
  type EventMeta,
} from './events/consume-events';
export type { DeadLetter } from './events/dead-letter';
export { retryDelayMs, type RetryDelay } from './events/retry-delay';

export {
  publishCore,
  subscribeCore,
  type CoreHandler,
  type CoreMessageMeta,
  type CoreSubscription,
} from './core/core-pubsub';

export { natsTransportOptions, type NatsTransportOptions } from './rpc/nats-transport.options';
export { PrefixedServerNats } from './rpc/prefixed-server-nats';
export { RpcErrorEnvelopeFilter } from './rpc/rpc-error-envelope.filter';
export { toRpcErrorEnvelope, type MappedRpcError } from './rpc/rpc-error-envelope';
export { ZodRpcPipe, validateRpc } from './rpc/zod-rpc.pipe';
export { rpcRequest, type RpcRequestOptions } from './rpc/rpc-request';

export { REQUEST_ID_HEADER } from './tracing/message-headers';

export { createOutboxTable, dropOutboxTable, type MigrationQueryable } from './outbox/outbox-table.migration-helper';
export { enqueueEvent, enqueueEvents, outboxInsertOf, type EnqueueEventOptions, type OutboxInsert, type OutboxQueryable } from './outbox/enqueue-event';
export { defaultOrderingKey } from './outbox/ordering-key';
export { outboxNames, type OutboxNames } from './outbox/outbox-names';
export { OutboxRelay, type OutboxRelayOptions, type RelayRole } from './outbox/outbox-relay';
