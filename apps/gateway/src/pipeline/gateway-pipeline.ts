import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, ErrorCode } from '@forecastin/contracts';
import { labelRoute, type RawExchange, type RawRequestRoute } from '@forecastin/lifecycle';
import type { Logger } from '@forecastin/observability';
import { edgeRefusal, SECURITY_HEADERS, type CorsPolicy, type EdgeHygieneOptions } from '../edge';
import { prepareForwardHeaders, sendRawError, type UpstreamProxy } from '../proxy';
import { GATEWAY_TARGET, type RouteDefinition, type RouteMatcher, type UpstreamName } from '../routing';
import { checkAccess, type AccessCheckDeps, type AccessResult } from './access-check';
import { IdentitySigner } from './signed-identity';

export interface GatewayPipelineDeps extends AccessCheckDeps {
  matcher: RouteMatcher;
  upstreams: ReadonlyMap<UpstreamName, UpstreamProxy>;
  identitySigningKey: string;
  logger: Logger;
  /** The edge rules the Fastify hook enforces: a request they would refuse is left to that hook. */
  edge: EdgeHygieneOptions;
  cors: CorsPolicy;
}

/** A proxied route and the upstream it goes to: one per route, built once, so claiming allocates nothing. */
interface ProxiedRoute {
  readonly route: RouteDefinition;
  readonly upstream: UpstreamProxy;
}

/** Path prefixes the route table owns: under them, anything not in the table is a 404. */
const isApiPath = (url: string): boolean => url.startsWith('/api/v1/') || url.startsWith('/ofrep/v1/') || url === '/api/v1' || url === '/ofrep/v1';

const SECURITY_HEADER_NAMES = Object.keys(SECURITY_HEADERS);
const SECURITY_HEADER_VALUES = Object.values(SECURITY_HEADERS);

/**
 * The per-request path of every API call. Proxied routes are served on the bare node:http request,
 * before Fastify (`serveBeforeFastify`, the chassis plumbing included): security and CORS headers →
 * authenticate → role → revocation + rate limit (one Redis round trip) → breaker + proxy, the body
 * streaming to the upstream untouched. What that path does not claim — preflights, requests the
 * edge refuses, paths not in the table (404 here), the gateway's own routes — goes through Fastify.
 */
export class GatewayPipeline implements RawRequestRoute<ProxiedRoute> {
  private readonly proxied = new Map<RouteDefinition, ProxiedRoute>();
  private readonly signer: IdentitySigner;

  constructor(private readonly deps: GatewayPipelineDeps) {
    this.signer = new IdentitySigner(deps.identitySigningKey);
  }

  claim(req: IncomingMessage): ProxiedRoute | undefined {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (!isApiPath(url)) return undefined;
    const route = this.deps.matcher.match(method, url)?.route;
    if (!route || edgeRefusal(method, req.headers, this.deps.edge) !== undefined) return undefined;
    return this.proxiedRoute(route);
  }

  routeOf(claim: ProxiedRoute): string {
    return claim.route.path;
  }

  serve(req: IncomingMessage, res: ServerResponse, claim: ProxiedRoute, exchange: RawExchange): void {
    for (let i = 0; i < SECURITY_HEADER_NAMES.length; i++) res.setHeader(SECURITY_HEADER_NAMES[i] as string, SECURITY_HEADER_VALUES[i] as string);
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const cors = this.deps.cors.responseHeaders(origin);
      for (const name in cors) res.setHeader(name, cors[name] as string);
    }
    // No trusted proxy in front: the caller is the socket's peer (what Fastify's request.ip says too).
    const access = checkAccess(this.deps, claim.route, { authorization: req.headers.authorization, ip: req.socket.remoteAddress ?? 'unknown' });
    if (access instanceof Promise) {
      access.then(
        (result) => this.forwardIfAllowed(req, res, claim, exchange, result),
        (error: unknown) => this.failed(res, claim, exchange, error),
      );
    } else {
      this.forwardIfAllowed(req, res, claim, exchange, access);
    }
  }

  /** For API paths that reached Fastify: not in the table → 404; the gateway's own routes are labelled and go on to Nest. */
  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!isApiPath(request.url)) return;
    const match = this.deps.matcher.match(request.method, request.url);
    if (match?.route.target === GATEWAY_TARGET) {
      labelRoute(request, match.route.path);
      return;
    }
    // A proxied route only gets here when the edge hook refused it, and that hook has answered already.
    if (match && this.proxiedRoute(match.route)) return;
    await reply
      .status(ERROR_STATUS[ErrorCode.ROUTE_NOT_FOUND])
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ error: { code: ErrorCode.ROUTE_NOT_FOUND, message: 'No route matches this method and path', request_id: String(request.id) } }));
  };

  private forwardIfAllowed(req: IncomingMessage, res: ServerResponse, claim: ProxiedRoute, exchange: RawExchange, access: AccessResult): void {
    const { requestId } = exchange;
    if (!access.ok) return sendRawError(res, access.code, access.message, requestId, access.headers);
    try {
      for (const name in access.headers) res.setHeader(name, access.headers[name] as string);
      prepareForwardHeaders(req.headers, this.signer.sign(access.claims, requestId), requestId, exchange.span);
      claim.upstream.forward(req, res, requestId).catch((error: unknown) => this.failed(res, claim, exchange, error));
    } catch (error) {
      this.failed(res, claim, exchange, error);
    }
  }

  private failed(res: ServerResponse, claim: ProxiedRoute, exchange: RawExchange, error: unknown): void {
    this.deps.logger.error({ err: error, upstream: claim.upstream.name }, 'proxying failed unexpectedly');
    sendRawError(res, ErrorCode.INTERNAL_ERROR, 'Internal server error', exchange.requestId);
  }

  /** The gateway's own routes (token revocation) and routes without an upstream are not proxied. */
  private proxiedRoute(route: RouteDefinition): ProxiedRoute | undefined {
    let proxied = this.proxied.get(route);
    if (proxied) return proxied;
    const target = route.target;
    const upstream = target === GATEWAY_TARGET ? undefined : this.deps.upstreams.get(target);
    if (!upstream) return undefined;
    proxied = { route, upstream };
    this.proxied.set(route, proxied);
    return proxied;
  }
}
