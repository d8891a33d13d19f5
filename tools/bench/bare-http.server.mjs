// Baseline server: plain node:http answering every request with fixed bytes and headers.
// BARE_RESPONSE (JSON { status, headers, body }) is captured from the subject, so both send the
// same response and the ratio measures only the framework in between. Plain .mjs, started with
// `node`, so no TypeScript loader sits in the baseline's process.
import http from 'node:http';

const spec = JSON.parse(process.env.BARE_RESPONSE ?? '{"status":200,"headers":{"content-type":"application/json"},"body":"{}"}');
const body = Buffer.from(spec.body, 'utf8');
const headers = { ...spec.headers, 'content-length': String(body.length) };
const port = Number(process.env.PORT ?? '0');
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((_request, response) => {
  response.writeHead(spec.status, headers);
  response.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, host);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
