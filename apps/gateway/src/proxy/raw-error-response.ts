import type { ServerResponse } from 'node:http';
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
