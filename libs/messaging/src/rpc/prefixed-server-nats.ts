import { ServerNats } from '@nestjs/microservices';
import { withSubjectPrefix } from '@forecastin/contracts';

interface SubscribingClient {
  subscribe(subject: string, options: unknown): unknown;
}

interface FlushingClient {
  flush(): Promise<void>;
}

function isSubscribingClient(value: unknown): value is SubscribingClient {
  return typeof value === 'object' && value !== null && 'subscribe' in value && typeof value.subscribe === 'function';
}

function isFlushingClient(value: unknown): value is FlushingClient {
  return typeof value === 'object' && value !== null && 'flush' in value && typeof value.flush === 'function';
}

/**
 * Nest's NATS server, with every `@MessagePattern` subscription moved under a subject prefix, so a
 * test (or a shared NATS) can isolate a service without its handlers knowing. Handlers still match
 * by their unprefixed pattern: Nest binds each subscription to its channel name.
 *
 * It also reports itself started only once the server has registered those subscriptions: Nest's
 * `start` calls back as soon as the SUB lines are queued, and a request sent meanwhile (by another
 * connection) found no responder — seen in CI on a loaded machine.
 */
export class PrefixedServerNats extends ServerNats {
  private boundClient: unknown;

  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly subjectPrefix: string,
  ) {
    super(options);
  }

  override start(callback: (err?: unknown, ...optionalParams: unknown[]) => void): void {
    super.start((err?: unknown, ...optionalParams: unknown[]) => {
      const client = this.boundClient;
      if (err !== undefined || !isFlushingClient(client)) return callback(err, ...optionalParams);
      // A flush is a PING/PONG round trip: the server has processed every SUB sent before it. If it
      // fails the connection is down, and the client re-subscribes everything when it reconnects.
      client.flush().then(
        () => callback(),
        () => callback(),
      );
    });
  }

  override bindEvents(client: unknown): void {
    this.boundClient = client;
    if (!this.subjectPrefix || !isSubscribingClient(client)) {
      super.bindEvents(client);
      return;
    }
    const prefix = this.subjectPrefix;
    const prefixing: SubscribingClient = {
      subscribe: (subject, options) => client.subscribe(withSubjectPrefix(prefix, subject), options),
    };
    super.bindEvents(prefixing);
  }
}
