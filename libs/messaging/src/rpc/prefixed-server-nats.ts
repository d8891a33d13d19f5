import { ServerNats } from '@nestjs/microservices';
import { withSubjectPrefix } from '@forecastin/contracts';

interface SubscribingClient {
  subscribe(subject: string, options: unknown): unknown;
}

function isSubscribingClient(value: unknown): value is SubscribingClient {
  return typeof value === 'object' && value !== null && 'subscribe' in value && typeof value.subscribe === 'function';
}

/**
 * Nest's NATS server, with every `@MessagePattern` subscription moved under a subject prefix, so a
 * test (or a shared NATS) can isolate a service without its handlers knowing. Handlers still match
 * by their unprefixed pattern: Nest binds each subscription to its channel name.
 */
export class PrefixedServerNats extends ServerNats {
  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly subjectPrefix: string,
  ) {
    super(options);
  }

  override bindEvents(client: unknown): void {
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
