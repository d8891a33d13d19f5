import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  readonly targetHost: string;
  readonly targetPort: number;
  /** Local port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Holds every chunk from a client for this long before passing it on (in order): a slow link to the server. */
  readonly upstreamDelayMs?: number;
}

/**
 * A TCP forwarder in front of a real server (Postgres, Redis, NATS) that a test can cut and
 * restore, to produce a genuine outage as the client sees it: live connections reset, new ones
 * reset on accept. It keeps listening while cut so the port cannot be taken by someone else, and
 * a reset on accept fails a client as fast as a refused connection would.
 */
export class TcpProxy {
  private cutOff = false;
  private accepted = 0;
  private readonly pairs = new Set<readonly [Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    private readonly options: TcpProxyOptions,
  ) {}

  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, options);
    server.on('connection', (socket) => proxy.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get isCut(): boolean {
    return this.cutOff;
  }

  /** Connections accepted since start, refused ones (while cut) included: whether a client tried at all. */
  get acceptedCount(): number {
    return this.accepted;
  }

  /** Connections currently forwarded. */
  get connectionCount(): number {
    return this.pairs.size;
  }

  /** `<protocol>://127.0.0.1:<port>`, e.g. `url('redis')`; for URLs with credentials use `rewriteUrl`. */
  url(protocol: string): string {
    return `${protocol}://127.0.0.1:${this.port}`;
  }

  /** The given URL with its host and port replaced by the proxy's, keeping credentials, path and query. */
  rewriteUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Resets every forwarded connection and every new one until `restore()`. */
  async cut(): Promise<void> {
    this.cutOff = true;
    for (const pair of [...this.pairs]) this.resetPair(pair);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async restore(): Promise<void> {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cutOff = true;
    for (const pair of [...this.pairs]) this.resetPair(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    if (this.cutOff) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: this.options.targetHost, port: this.options.targetPort });
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    const finish = (): void => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    // Errors end the pair; a proxy must never throw from a socket event.
    client.on('error', finish);
    upstream.on('error', finish);
    client.on('close', finish);
    upstream.on('close', finish);
    const delayMs = this.options.upstreamDelayMs ?? 0;
    if (delayMs > 0) {
      // Equal delays fire in the order they were set, so the byte order is kept.
      client.on('data', (chunk: Buffer) => setTimeout(() => upstream.destroyed || upstream.write(chunk), delayMs));
      client.on('end', () => setTimeout(() => upstream.end(), delayMs));
    } else {
      client.pipe(upstream);
    }
    upstream.pipe(client);
  }

  private resetPair(pair: readonly [Socket, Socket]): void {
    this.pairs.delete(pair);
    const [client, upstream] = pair;
    if (!client.destroyed) client.resetAndDestroy();
    upstream.destroy();
  }
}
