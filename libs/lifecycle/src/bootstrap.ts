import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { createLogger, initTracing, ServiceMetrics, type LogBufferOptions, type Logger, type Tracing } from '@forecastin/observability';
import type { DestinationStream } from 'pino';
import type { z } from 'zod';
import { ChassisModule } from './chassis.module';
import { ConfigError, loadConfig, type ConfigOf } from './config/load-config';
import type { Dependency } from './dependency';
import { backoffDelay, sleep } from './dependencies/backoff';
import { DependencySupervisor } from './dependencies/dependency-supervisor';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { answerFrameworkError, MAX_PARAM_LENGTH } from './http/framework-errors';
import { registerHealthRoutes } from './http/health-routes';
import { registerRequestHooks, requestIdFor } from './http/request-hooks';
import { IdentityGuard } from './identity/identity.guard';
import { registerLifecycleMetrics } from './lifecycle-metrics';
import { NestPinoLogger } from './nest-logger';
import { shutDown } from './shutdown/graceful-shutdown';
import { ServiceState } from './state/service-state';

export interface ServiceContext<S extends z.ZodRawShape> {
  config: ConfigOf<S>;
  logger: Logger;
}

export interface ServiceDefinition<S extends z.ZodRawShape> {
  /** Service name: logs, metrics, traces, readiness. */
  name: string;
  /** Port used when PORT is not set. */
  defaultPort: number;
  /** The service's own configuration, merged with the base shape (see docs/chassis.md). */
  configShape: S;
  /** The dependencies to connect, probe and close. Each is injectable by its class. */
  dependencies: (config: ConfigOf<S>, logger: Logger) => Dependency[];
  /** The service's root Nest module (controllers, providers). */
  rootModule: Type<unknown>;
  /**
   * Transports for `@MessagePattern` handlers (NATS request/reply), started once dependencies are
   * up. They do not inherit the HTTP filters and guards. Error filters go on the RPC controllers
   * (`@UseFilters(RpcErrorEnvelopeFilter)` from @forecastin/messaging): Nest registers a transport's
   * handlers when it is connected to the running app, so a transport-wide filter would come too late.
   */
  microservices?: (context: ServiceContext<S>) => MicroserviceSetup[];
  /** Extra HTTP setup (e.g. the gateway's proxy, a WebSocket adapter), before the server listens. */
  configure?: (app: NestFastifyApplication, context: ServiceContext<S>) => void | Promise<void>;
  /**
   * Batch the service's stdout log writes (see LoggerOptions.buffer for what a crash then loses).
   * For services whose per-request log line is a measurable share of their CPU (the gateway).
   */
  logBuffer?: LogBufferOptions;
  /** One-shot commands run instead of the server: `node dist/main.js migrate`. */
  commands?: Record<string, (context: ServiceContext<S>) => Promise<void>>;
}

export interface MicroserviceSetup {
  options: MicroserviceOptions;
}

export interface RunningService {
  readonly app: NestFastifyApplication;
  readonly port: number;
  readonly state: ServiceState;
  /** Resolves once every dependency is connected and the service reports `running`. */
  readonly running: Promise<void>;
  /** Graceful stop; resolves with the exit code the process should use. Idempotent. */
  stop(reason?: string): Promise<number>;
}

@Module({})
class ServiceRootModule {}

/**
 * The single entry point of every service's main.ts: runs a command when one is named on the
 * command line, otherwise starts the service, handles SIGTERM/SIGINT and exits with the right code.
 */
export async function bootstrap<S extends z.ZodRawShape>(definition: ServiceDefinition<S>): Promise<void> {
  const commandName = process.argv[2];
  const config = loadConfigOrExit(definition);
  if (commandName !== undefined) return runCommand(definition, commandName, config);

  let service: RunningService;
  try {
    service = await startService(definition, config);
  } catch (error) {
    createLogger({ service: definition.name }).fatal({ err: error }, 'service failed to start');
    process.exit(1);
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130); // a second signal means "now"
    void service.stop(signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Starts a service in this process (also used by in-process tests). Does not install signal handlers. */
export async function startService<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  config: ConfigOf<S> = loadConfig(definition.configShape, process.env),
  options: { logDestination?: DestinationStream } = {},
): Promise<RunningService> {
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL, destination: options.logDestination, buffer: definition.logBuffer });
  const dependencies = definition.dependencies(config, logger);
  // SQL spans patch `pg` at load time; only services that talk to Postgres pay for the patch.
  const instrumentPg = dependencies.some((dependency) => dependency.name === 'postgres');
  const tracing = initTracing({ service: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, instrumentPg });
  const metrics = new ServiceMetrics(definition.name);
  const state = new ServiceState();
  state.onChange((from, to) => logger.info({ from, to }, `lifecycle ${to}`));

  const lifecycleMetrics = registerLifecycleMetrics(metrics, state);
  const supervisor = new DependencySupervisor(
    dependencies,
    logger,
    {
      checkIntervalMs: config.DEPENDENCY_CHECK_INTERVAL_MS,
      checkTimeoutMs: config.DEPENDENCY_CHECK_TIMEOUT_MS,
      connectTimeoutMs: 10_000,
      retryInitialMs: 200,
      retryMaxMs: 5_000,
    },
    lifecycleMetrics.dependencyChanged,
  );

  const app = await createApp(definition, config, logger, metrics, dependencies);
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestHooks(fastify, { logger, metrics, state });
  registerHealthRoutes(fastify, { service: definition.name, state, supervisor, metrics });
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useGlobalGuards(new IdentityGuard(app.get(Reflector), config.IDENTITY_SIGNING_KEY));
  if (config.CORS_ORIGINS.length > 0) app.enableCors({ origin: config.CORS_ORIGINS });
  await definition.configure?.(app, { config, logger });

  await app.listen({ port: config.PORT ?? definition.defaultPort, host: config.HOST });
  const port = listeningPort(app);
  logger.info({ port, host: config.HOST }, 'listening');

  supervisor.startMonitoring();
  const running = connectThenRun(definition, config, app, supervisor, state, logger);
  let stopping: Promise<number> | undefined;
  return {
    app,
    port,
    state,
    running,
    stop: (reason = 'stop requested') =>
      (stopping ??= shutDown(
        { app, state, supervisor, tracing, logger, delayMs: config.SHUTDOWN_DELAY_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
        reason,
      )),
  };
}

async function createApp<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  config: ConfigOf<S>,
  logger: Logger,
  metrics: ServiceMetrics,
  dependencies: readonly Dependency[],
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    // Longer than the gateway's keep-alive agents keep idle sockets, so the service never closes one under them.
    keepAliveTimeout: 65_000,
    genReqId: (request: IncomingMessage) => requestIdFor(request.headers['x-request-id']),
    requestIdHeader: false,
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    maxParamLength: MAX_PARAM_LENGTH,
    frameworkErrors: answerFrameworkError,
  });
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [ChassisModule.forRoot({ config, logger, metrics, dependencies }), definition.rootModule],
  };
  return NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
}

/** Connects dependencies (retrying forever), then starts NATS transports and reports `running`. */
async function connectThenRun<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  config: ConfigOf<S>,
  app: NestFastifyApplication,
  supervisor: DependencySupervisor,
  state: ServiceState,
  logger: Logger,
): Promise<void> {
  await supervisor.connectAll();
  const transports = definition.microservices?.({ config, logger }) ?? [];
  for (const { options } of transports) {
    app.connectMicroservice<MicroserviceOptions>(options, { inheritAppConfig: false });
  }
  for (let attempt = 0; transports.length > 0 && state.current === 'starting'; attempt++) {
    try {
      await app.startAllMicroservices();
      break;
    } catch (error) {
      logger.warn({ err: error, attempt: attempt + 1 }, 'message transport failed to start, retrying');
      await sleep(backoffDelay(attempt, 200, 5_000));
    }
  }
  state.transition('running');
}

/** The bound port (PORT=0 asks the OS for a free one, as tests do). */
function listeningPort(app: NestFastifyApplication): number {
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('HTTP server is not listening on a TCP port');
  return address.port;
}

function loadConfigOrExit<S extends z.ZodRawShape>(definition: ServiceDefinition<S>): ConfigOf<S> {
  try {
    return loadConfig(definition.configShape, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ service: definition.name }).fatal({ problems: error.problems }, 'invalid configuration');
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
}

async function runCommand<S extends z.ZodRawShape>(definition: ServiceDefinition<S>, name: string, config: ConfigOf<S>): Promise<void> {
  const logger: Logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const command = definition.commands?.[name];
  if (!command) {
    const known = Object.keys(definition.commands ?? {});
    logger.fatal({ command: name, known }, `unknown command "${name}"`);
    process.stderr.write(`${definition.name}: unknown command "${name}". Known: ${known.join(', ') || '(none)'}\n`);
    process.exit(1);
  }
  try {
    await command({ config, logger });
    logger.info({ command: name }, 'command finished');
    process.exit(0);
  } catch (error) {
    logger.fatal({ err: error, command: name }, 'command failed');
    process.exit(1);
  }
}

export type { Tracing };
