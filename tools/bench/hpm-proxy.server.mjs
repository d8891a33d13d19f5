// Ceiling for the gateway benchmark: http-proxy-middleware on a bare node:http server with the
// gateway's agent and proxy options, and nothing else (no framework, no auth, no limits, no log
// line). The design requires hpm, so no gateway built on it proxies faster than this.
// UPSTREAM_URL names the target; it is handed over parsed, as the gateway does (see proxy-target.ts).
import http from 'node:http';
import { createProxyMiddleware } from 'http-proxy-middleware';

const url = new URL(process.env.UPSTREAM_URL);
const target = { protocol: url.protocol, host: url.host, hostname: url.hostname, port: url.port || null, pathname: url.pathname, path: url.pathname + url.search, href: url.href };
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256, timeout: 30_000 });
const proxy = createProxyMiddleware({ target, agent, changeOrigin: true, xfwd: true, ejectPlugins: true });
const server = http.createServer((req, res) => void proxy(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
