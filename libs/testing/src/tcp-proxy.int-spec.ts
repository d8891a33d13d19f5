import { Client } from 'pg';
import { createServer, createConnection, type AddressInfo, type Server, type Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';
import { adminDatabaseUrl } from './postgres-admin';

/** An echo server so byte forwarding can be checked exactly. */
async function startEcho(): Promise<Server> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data) => resolve(data.toString('utf8')));
    socket.once('error', reject);
    socket.write(text);
  });
}

/** Resolves with how the socket ended: 'reset' (error) or 'closed'. */
function ending(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.once('close', () => resolve('closed'));
  });
}

describe('TcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await startEcho();
    proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: (echo.address() as AddressInfo).port });
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('forwards bytes both ways', async () => {
    const socket = await connect(proxy.port);
    await expect(roundTrip(socket, 'hello')).resolves.toBe('hello');
    expect(proxy.connectionCount).toBe(1);
    socket.destroy();
  });

  it('cut breaks a live connection and resets new ones; restore accepts again', async () => {
    const live = await connect(proxy.port);
    await roundTrip(live, 'before');
    const liveEnded = ending(live);
    await proxy.cut();
    await expect(liveEnded).resolves.toBe('ECONNRESET');
    expect(proxy.connectionCount).toBe(0);

    const refused = await connect(proxy.port).then(ending, (error: NodeJS.ErrnoException) => error.code);
    expect(['ECONNRESET', 'closed']).toContain(refused);

    await proxy.restore();
    const again = await connect(proxy.port);
    await expect(roundTrip(again, 'after')).resolves.toBe('after');
    again.destroy();
  });

  it('rewrites a URL to go through the proxy, keeping credentials and path', () => {
    const rewritten = new URL(proxy.rewriteUrl('postgres://user:pw@db.example:5432/app?sslmode=disable'));
    expect(rewritten.host).toBe(`127.0.0.1:${proxy.port}`);
    expect(rewritten.username).toBe('user');
    expect(rewritten.pathname).toBe('/app');
    expect(rewritten.search).toBe('?sslmode=disable');
    expect(proxy.url('redis')).toBe(`redis://127.0.0.1:${proxy.port}`);
  });
});

describe('TcpProxy in front of Postgres', () => {
  it('a pg client through the proxy fails when cut and a new one works after restore', async () => {
    const target = new URL(adminDatabaseUrl());
    const proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    try {
      const client = new Client({ connectionString: proxy.rewriteUrl(adminDatabaseUrl()) });
      const clientErrors: unknown[] = [];
      client.on('error', (error) => clientErrors.push(error));
      await client.connect();
      await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await proxy.cut();
      await expect(client.query('SELECT 1')).rejects.toThrow();
      await client.end().catch(() => undefined);

      await proxy.restore();
      const fresh = new Client({ connectionString: proxy.rewriteUrl(adminDatabaseUrl()) });
      await fresh.connect();
      await expect(fresh.query('SELECT 2 AS two')).resolves.toMatchObject({ rows: [{ two: 2 }] });
      await fresh.end();
    } finally {
      await proxy.close();
    }
  });
});
