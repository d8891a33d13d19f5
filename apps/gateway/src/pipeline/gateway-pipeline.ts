import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, ErrorCode } from '@forecastin/contracts';
import type { Logger } from '@forecastin/observability';
import { prepareForwardHeaders, sendRawError, type UpstreamProxy } from '../proxy';
import { GATEWAY_TARGET, type RouteMatcher, type UpstreamName } from '../routing';
import { labelRoute } from '@forecastin/lifecycle';
import { checkAccess, type AccessCheckDeps } from './access-check';
import { signedIdentityFor } from './signed-identity';

export interface GatewayPipelineDeps extends AccessCheckDeps {
  matcher: RouteMatcher;
  upstreams: ReadonlyMap<UpstreamName, UpstreamProxy>;
  identitySigningKey: string;
  logger: Logger;
}

/** Path prefixes the route table owns: under them, anything not in the table is a 404. */
const API_PREFIXES = ['/api/v1/', '/ofrep/v1/'];
const isApiPath = (url: string): boolean => API_PREFIXES.some((prefix) => url.startsWith(prefix)) || url === '/api/v1' || url === '/ofrep/v1';

/**
 * The per-request path of every proxied call, run as a Fastify `onRequest` hook after the
 * chassis hooks (request id, span, log) and edge hygiene: route match → authenticate → role →
 * revocation + rate limit (one Redis round trip) → breaker + proxy. Proxied requests are
 * hijacked before Fastify reads the body, so bodies stream to the upstream untouched.
 */
export class GatewayPipeline {
  constructor(private readonly deps: GatewayPipelineDeps) {}

  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!isApiPath(request.url)) return;
    const match = this.deps.matcher.match(request.method, request.url);
    if (!match) return this.refuse(reply, ErrorCode.ROUTE_NOT_FOUND, 'No route matches this method and path');
    labelRoute(request, match.route.path);
    // The gateway's own routes (token revocation) authenticate in their controller.
    if (match.route.target === GATEWAY_TARGET) return;
    const upstream = this.deps.upstreams.get(match.route.target);
    if (!upstream) return this.refuse(reply, ErrorCode.ROUTE_NOT_FOUND, 'No route matches this method and path');

    const authorization = request.headers.authorization;
    const access = await checkAccess(this.deps, match.route, { authorization, ip: request.ip });
    void reply.headers(access.headers);
    if (!access.ok) return this.refuse(reply, access.code, access.message);

    const requestId = String(request.id);
    const { raw: req } = request;
    const res = reply.raw;
    adoptReplyHeaders(reply, res);
    reply.hijack();
    prepareForwardHeaders(req.headers, signedIdentityFor(access.claims, requestId, this.deps.identitySigningKey), requestId);
    void upstream.forward(req, res, requestId).catch((error: unknown) => {
      this.deps.logger.error({ err: error, upstream: upstream.name }, 'proxying failed unexpectedly');
      sendRawError(res, ErrorCode.INTERNAL_ERROR, 'Internal server error', requestId);
    });
  };

  private refuse(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
    return reply
      .status(ERROR_STATUS[code])
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ error: { code, message, request_id: String(reply.request.id) } }));
  }
}

/** Headers set on the Fastify reply so far (request id, security headers, rate limit) go out with the proxied response. */
function adoptReplyHeaders(reply: FastifyReply, res: ServerResponse): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) res.setHeader(name, typeof value === 'number' ? String(value) : value);
  }
}
