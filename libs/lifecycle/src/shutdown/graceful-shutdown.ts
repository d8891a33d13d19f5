import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger, Tracing } from '@forecastin/observability';
import { sleep, TimeoutError, withTimeout } from '../dependencies/backoff';
import type { DependencySupervisor } from '../dependencies/dependency-supervisor';
import type { ServiceState } from '../state/service-state';

export interface ShutdownParts {
  app: NestFastifyApplication;
  state: ServiceState;
  supervisor: DependencySupervisor;
  tracing: Tracing;
  logger: Logger;
  delayMs: number;
  timeoutMs: number;
}

/**
 * Stops a service in the order that loses nothing: stop being ready, (optionally) keep serving
 * while load balancers notice, stop accepting and let in-flight requests finish within a bound,
 * then close transports and dependencies (NATS drained, pools closed). Resolves with the exit code.
 */
export async function shutDown(parts: ShutdownParts, reason: string): Promise<number> {
  const { app, state, supervisor, logger } = parts;
  state.transition('stopping');
  logger.info({ reason, delay_ms: parts.delayMs, timeout_ms: parts.timeoutMs }, 'shutting down');
  await sleep(parts.delayMs);
  supervisor.stop();

  const fastify = app.getHttpAdapter().getInstance();
  try {
    // Fastify's close stops accepting and waits for in-flight requests; idle keep-alive sockets close now.
    await withTimeout(fastify.close(), parts.timeoutMs, 'draining in-flight requests');
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    logger.warn({ timeout_ms: parts.timeoutMs }, 'in-flight requests did not finish in time; closing their connections');
    fastify.server.closeAllConnections();
  }

  let exitCode = 0;
  try {
    // Nest's own close: module shutdown hooks and microservice transports (NATS subscriptions drain here).
    await withTimeout(app.close(), parts.timeoutMs, 'closing the application');
  } catch (error) {
    exitCode = 1;
    logger.error({ err: error }, 'application did not close cleanly');
  }
  await supervisor.closeAll(parts.timeoutMs);
  await parts.tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'tracing did not flush'));
  state.transition(exitCode === 0 ? 'stopped' : 'failed');
  logger.info({ exit_code: exitCode }, 'stopped');
  return exitCode;
}
