// Comparison server for the gateway benchmark: Express + http-proxy-middleware, no auth, no
// limits, a keep-alive agent — what a "typical Node gateway" looks like. UPSTREAM_URL names the target.
import http from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const app = express();
app.use(createProxyMiddleware({ target: process.env.UPSTREAM_URL, agent: new http.Agent({ keepAlive: true, maxSockets: 256 }), changeOrigin: true }));
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
server.keepAliveTimeout = 65_000;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
