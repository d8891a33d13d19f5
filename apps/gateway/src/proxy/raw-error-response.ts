import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from '@forecastin/contracts';

/**
 * Writes a gateway-made error as the API.md envelope straight to the socket's response: the proxy
 * path runs outside Fastify's reply (hijacked), so headers already put on the reply must have been
 * copied onto `res` before (see `adoptReplyHeaders`).
 */
export function sendRawError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) {
    // Part of the upstream's answer is out: the only honest signal left is a cut connection.
    res.destroy();
    return;
  }
  const envelope: ErrorEnvelope = { error: { code, message, request_id: requestId } };
  const body = JSON.stringify(envelope);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.statusCode = ERROR_STATUS[code];
  res.end(body);
}

/**
 * Refuses a WebSocket upgrade with the envelope as a plain HTTP response on the raw socket (the
 * upgrade never completes), then ends the socket. Nothing is written once the socket is ending.
 */
export function refuseUpgrade(
  socket: Duplex,
  code: ErrorCode,
  message: string,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (socket.destroyed || socket.writableEnded) return;
  const status = ERROR_STATUS[code];
  const envelope: ErrorEnvelope = { error: { code, message, request_id: requestId } };
  const body = JSON.stringify(envelope);
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\n${extra}connection: close\r\n\r\n${body}`,
  );
}
