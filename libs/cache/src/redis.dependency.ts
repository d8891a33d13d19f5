import type { Logger } from 'pino';
import { createClient } from 'redis';
import { withTimeout, type Dependency } from '@forecastin/lifecycle';
import type { RedisConfig } from './redis-config.schema';
import { reconnectDelayMs } from './reconnect-backoff';


interface ClientSettings {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly reconnectStrategy: (retries: number, cause: Error) => number | Error;
}

function createRedisClient(settings: ClientSettings) {
  return createClient({
    url: settings.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: settings.connectTimeoutMs, reconnectStrategy: settings.reconnectStrategy },
  });
}

/** The node-redis client type this library hands out (RESP3, default modules). */
export type RedisClient = ReturnType<typeof createRedisClient>;

export interface RedisDependencyOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Prepended to every key built with `key()`, e.g. `fc:` or a per-test prefix. */
  readonly keyPrefix: string;
  /** Bound on the first connection (TCP + handshake). Default 3000 ms. */
  readonly connectTimeoutMs?: number;
  /** Bound on the readiness PING. Default 1000 ms. */
  readonly checkTimeoutMs?: number;
  /** Reconnect backoff after a lost connection. Defaults 100 ms doubling up to 5000 ms, jittered. */
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  /**
   * False when the service can serve without Redis (a cache it can bypass): readiness then reports
   * Redis down without turning 503. Default true.
   */
  readonly required?: boolean;
}

/** Thrown by accessors used before `connect()` resolved or after `close()`. */
export class RedisNotConnectedError extends Error {
  constructor() {
    super('redis is not connected');
    this.name = 'RedisNotConnectedError';
  }
}

/**
 * Redis as a lifecycle dependency. The first connection is bounded and fails fast (the lifecycle
 * owns retrying it); once connected, node-redis reconnects forever with capped, jittered backoff.
 * The offline queue is disabled so commands fail immediately while Redis is away instead of piling
 * up in memory and firing late: callers treat a failed cache call as a miss.
 */
export class RedisDependency implements Dependency {
  readonly name = 'redis';
  private current: RedisClient | undefined;
  private closed = false;
  private readonly connectTimeoutMs: number;
  private readonly checkTimeoutMs: number;

  /** The dependency as every service configures it, from `redisConfigShape`. */
  static fromConfig(config: RedisConfig, logger: Logger, options: Pick<RedisDependencyOptions, 'required'> = {}): RedisDependency {
    return new RedisDependency({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger, ...options });
  }

  readonly required: boolean;

  constructor(private readonly options: RedisDependencyOptions) {
    this.required = options.required ?? true;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 1000;
  }

  /** The connected client. Throws before `connect()` resolved. */
  get client(): RedisClient {
    if (!this.current) throw new RedisNotConnectedError();
    return this.current;
  }

  /** `<keyPrefix><part1>:<part2>...`: the only way keys should be built, so prefixes are never forgotten. */
  key(...parts: ReadonlyArray<string | number>): string {
    return this.options.keyPrefix + parts.join(':');
  }

  async connect(): Promise<void> {
    if (this.current?.isOpen) return;
    this.closed = false;
    const client = this.openClient();
    try {
      // The socket's connectTimeout bounds TCP; this bounds the whole handshake (AUTH, HELLO, SELECT).
      await withTimeout(client.connect(), this.connectTimeoutMs + 1000, 'redis connect');
    } catch (error: unknown) {
      client.destroy();
      throw error;
    }
    this.current = client;
    this.options.logger.info({ dependency: this.name }, 'redis connected');
  }

  async check(): Promise<void> {
    const client = this.client;
    if (!client.isReady) throw new Error('redis is disconnected');
    const reply = await withTimeout(client.ping(), this.checkTimeoutMs, 'redis PING');
    if (reply !== 'PONG') throw new Error(`redis answered PING with ${String(reply)}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.current;
    this.current = undefined;
    if (!client?.isOpen) return;
    if (!client.isReady) {
      client.destroy();
      return;
    }
    try {
      // close() lets in-flight commands finish; destroy() is the fallback if Redis stops answering.
      await withTimeout(client.close(), this.checkTimeoutMs, 'redis close');
    } catch (error: unknown) {
      this.options.logger.warn({ dependency: this.name, err: error }, 'redis close timed out, destroying the socket');
      client.destroy();
    }
  }

  private openClient(): RedisClient {
    let everReady = false;
    let online = false;
    const logger = this.options.logger;
    const client = createRedisClient({
      url: this.options.url,
      connectTimeoutMs: this.connectTimeoutMs,
      reconnectStrategy: (retries, cause) => {
        // Before the first success, give up at once: connect() rejects and leaves no background loop.
        if (!everReady || this.closed) return cause;
        return reconnectDelayMs(retries, {
          baseMs: this.options.reconnectBaseMs ?? 100,
          maxMs: this.options.reconnectMaxMs ?? 5000,
        });
      },
    });
    // node-redis emits 'error' on every failed attempt; an unhandled one would crash the process.
    client.on('error', (error: unknown) => {
      if (online) {
        online = false;
        logger.warn({ dependency: this.name, err: error }, 'redis connection lost, reconnecting');
      } else {
        logger.debug({ dependency: this.name, err: error }, 'redis connection attempt failed');
      }
    });
    client.on('ready', () => {
      if (everReady) logger.info({ dependency: this.name }, 'redis reconnected');
      everReady = true;
      online = true;
    });
    client.on('end', () => {
      online = false;
    });
    return client;
  }
}
