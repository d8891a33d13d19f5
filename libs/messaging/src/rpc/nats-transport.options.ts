import type { CustomStrategy } from '@nestjs/microservices';
import { PrefixedServerNats } from './prefixed-server-nats';

export interface NatsTransportOptions {
  /** One URL or a comma-separated list. */
  readonly url: string;
  /** Queue group: the service name, so each request is served by exactly one instance. */
  readonly queue: string;
  /** Same prefix as the service's NatsDependency (NATS_SUBJECT_PREFIX). */
  readonly subjectPrefix?: string;
  /** Connection name shown by the server; defaults to `<queue>-rpc`. */
  readonly connectionName?: string;
  /** Bound on the first connection. Default 3000 ms. */
  readonly connectTimeoutMs?: number;
  /** At shutdown: stop taking requests, then wait this long for in-flight replies. Default 1000 ms. */
  readonly gracePeriodMs?: number;
}

/**
 * Options for `app.connectMicroservice(...)` / `NestFactory.createMicroservice(...)` serving
 * `@MessagePattern('rpc.<service>.<operation>')` handlers over NATS (@nats-io/transport-node):
 * queue group per service, reconnect forever, graceful unsubscribe at shutdown. Pair it with
 * `RpcErrorEnvelopeFilter` so failures are answered with the API error envelope.
 */
export function natsTransportOptions(options: NatsTransportOptions): CustomStrategy {
  return {
    strategy: new PrefixedServerNats(
      {
        servers: options.url.split(',').map((url) => url.trim()),
        queue: options.queue,
        name: options.connectionName ?? `${options.queue}-rpc`,
        timeout: options.connectTimeoutMs ?? 3000,
        reconnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        waitOnFirstConnect: false,
        gracefulShutdown: true,
        gracePeriod: options.gracePeriodMs ?? 1000,
      },
      options.subjectPrefix ?? '',
    ),
  };
}
