import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, resolveRequestId } from '@forecastin/contracts';
import type { Logger } from '@forecastin/observability';
import { prepareForwardHeaders, refuseUpgrade, type UpstreamProxy } from '../proxy';
import type { RouteMatcher, UpstreamName } from '../routing';
import { checkAccess, type AccessCheckDeps } from './access-check';
import { signedIdentityFor } from './signed-identity';

export interface WebSocketUpgradeDeps extends AccessCheckDeps {
  matcher: RouteMatcher;
  upstreams: ReadonlyMap<UpstreamName, UpstreamProxy>;
  identitySigningKey: string;
  logger: Logger;
}

/**
 * Handles the HTTP server's `upgrade` event: only routes marked `websocket` upgrade, and only
 * after the same checks as any request (token from the Authorization header or the
 * `access_token` query for browsers). A refusal is a plain HTTP response on the socket, so the
 * upgrade never completes; the token is removed from the URL before it reaches the upstream. The
 * upstream's breaker, connect timeout and failures apply as to any request (`UpstreamProxy.upgrade`).
 */
export function createUpgradeHandler(deps: WebSocketUpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'websocket client socket error'));
    void handle(deps, req, socket, head).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'websocket upgrade failed');
      refuseUpgrade(socket, ErrorCode.INTERNAL_ERROR, 'Internal server error', resolveRequestId(req.headers['x-request-id']));
    });
  };
}

async function handle(deps: WebSocketUpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const requestId = resolveRequestId(req.headers['x-request-id']);
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const match = deps.matcher.match(req.method ?? 'GET', url.pathname);
  const upstream = match?.route.websocket ? deps.upstreams.get(match.route.target as UpstreamName) : undefined;
  if (!match || !upstream) return refuseUpgrade(socket, ErrorCode.ROUTE_NOT_FOUND, 'No WebSocket route at this path', requestId);

  const accessToken = url.searchParams.get('access_token') ?? undefined;
  const access = await checkAccess(deps, match.route, {
    authorization: req.headers.authorization,
    accessToken,
    ip: req.socket.remoteAddress ?? 'unknown',
  });
  if (!access.ok) return refuseUpgrade(socket, access.code, access.message, requestId, access.headers);

  url.searchParams.delete('access_token');
  req.url = url.pathname + url.search;
  prepareForwardHeaders(req.headers, signedIdentityFor(access.claims, requestId, deps.identitySigningKey), requestId);
  upstream.upgrade(req, socket, head, requestId);
}
