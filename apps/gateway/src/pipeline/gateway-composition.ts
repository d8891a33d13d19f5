import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisDependency } from '@forecastin/cache';
import { serveBeforeFastify, type Dependency } from '@forecastin/lifecycle';
import type { Logger } from '@forecastin/observability';
import { JwtAuthenticator } from '../auth';
import { registerDocsRoutes } from '../docs';
import { CorsPolicy, registerEdgeHygiene, type EdgeHygieneOptions } from '../edge';
import type { GatewayConfig } from '../gateway-config';
import { RateLimiterReadinessDependency, UpstreamReadinessDependency } from '../health';
import { UpstreamProxy } from '../proxy';
import { RateLimiter } from '../rate-limit';
import { ROUTE_TABLE, RouteMatcher, UPSTREAM_NAMES, type UpstreamName } from '../routing';
import { GatewayPipeline } from './gateway-pipeline';
import { rateLimitPolicy } from './rate-limit-policy';
import { createUpgradeHandler } from './websocket-upgrade';

function upstreamUrl(config: GatewayConfig, name: UpstreamName): string {
  switch (name) {
    case 'entity':
      return config.UPSTREAM_ENTITY_URL;
    case 'hierarchy':
      return config.UPSTREAM_HIERARCHY_URL;
    case 'scenario':
      return config.UPSTREAM_SCENARIO_URL;
    case 'flag':
      return config.UPSTREAM_FLAG_URL;
    case 'realtime':
      return config.UPSTREAM_REALTIME_URL;
  }
}

/**
 * Builds the gateway's parts from its configuration and plugs them into the chassis: the
 * dependencies (Redis, each upstream's readiness, the limiter's mode) before start-up, the edge
 * hooks, docs routes, request pipeline and WebSocket upgrades in bootstrap's `configure`.
 */
export class GatewayComposition {
  readonly redis: RedisDependency;
  readonly rateLimiter: RateLimiter;
  readonly upstreams: ReadonlyMap<UpstreamName, UpstreamProxy>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: Logger,
  ) {
    this.redis = RedisDependency.fromConfig(config, logger);
    this.rateLimiter = new RateLimiter(this.redis, {
      timeoutMs: config.RATE_LIMIT_REDIS_TIMEOUT_MS,
      localMaxSubjects: config.RATE_LIMIT_LOCAL_MAX_SUBJECTS,
    });
    this.upstreams = new Map(UPSTREAM_NAMES.map((name) => [name, this.createProxy(name)]));
  }

  dependencies(): Dependency[] {
    const upstreams = [...this.upstreams].map(
      ([name, proxy]) =>
        new UpstreamReadinessDependency({
          upstream: name,
          target: upstreamUrl(this.config, name),
          timeoutMs: this.config.DEPENDENCY_CHECK_TIMEOUT_MS,
          breakerState: () => proxy.breakerState(),
        }),
    );
    return [this.redis, ...upstreams, new RateLimiterReadinessDependency(() => this.rateLimiter.isDegraded())];
  }

  register(app: NestFastifyApplication): void {
    const fastify = app.getHttpAdapter().getInstance();
    const edge: EdgeHygieneOptions = {
      allowedVersions: this.config.ALLOWED_API_VERSIONS,
      corsOrigins: this.config.CORS_ORIGINS,
      corsMaxAgeSeconds: this.config.CORS_MAX_AGE_SECONDS,
      bodyLimitBytes: this.config.BODY_LIMIT_BYTES,
    };
    registerEdgeHygiene(fastify, edge);
    registerDocsRoutes(fastify);
    const deps = {
      matcher: new RouteMatcher(ROUTE_TABLE),
      upstreams: this.upstreams,
      // The one authenticator Nest holds, so the admin route and the pipeline share its verified-token cache.
      authenticator: app.get(JwtAuthenticator),
      rateLimiter: this.rateLimiter,
      policy: rateLimitPolicy(this.config),
      identitySigningKey: this.config.IDENTITY_SIGNING_KEY,
      logger: this.logger,
      edge,
      cors: new CorsPolicy(edge.corsOrigins, edge.corsMaxAgeSeconds),
    };
    const pipeline = new GatewayPipeline(deps);
    // Proxied routes are served before Fastify; the hook answers the API paths left to it (404s).
    serveBeforeFastify(app, pipeline);
    fastify.addHook('onRequest', pipeline.onRequest);
    app.getHttpServer().on('upgrade', createUpgradeHandler(deps));
    fastify.addHook('onClose', async () => {
      for (const proxy of this.upstreams.values()) proxy.close();
    });
  }

  private createProxy(name: UpstreamName): UpstreamProxy {
    const config = this.config;
    return new UpstreamProxy({
      name,
      target: upstreamUrl(config, name),
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
      maxSockets: config.UPSTREAM_MAX_SOCKETS,
      retries: config.UPSTREAM_RETRIES,
      retryBaseMs: config.UPSTREAM_RETRY_BASE_MS,
      maxBodyBytes: config.BODY_LIMIT_BYTES,
      breaker: {
        errorThresholdPercentage: config.BREAKER_ERROR_THRESHOLD_PERCENT,
        volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
        rollingCountTimeout: config.BREAKER_ROLLING_WINDOW_MS,
        resetTimeout: config.BREAKER_RESET_TIMEOUT_MS,
      },
      logger: this.logger.child({ upstream: name }),
    });
  }
}
