import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '@forecastin/observability';
import type { DependencySupervisor } from '../dependencies/dependency-supervisor';
import type { ServiceState } from '../state/service-state';

const LIVE_BODY = JSON.stringify({ status: 'alive' });

/**
 * `/health/live`: the event loop answers. `/health/ready`: the service is running and every
 * dependency passed its last probe; otherwise 503 with the details (and the error envelope, like
 * every non-2xx answer). `/metrics`: Prometheus text. Plain Fastify routes: probes are hot paths
 * and need neither guards nor the Nest pipeline.
 */
export function registerHealthRoutes(
  fastify: FastifyInstance,
  deps: { service: string; state: ServiceState; supervisor: DependencySupervisor; metrics: ServiceMetrics },
): void {
  fastify.get('/health/live', (_request, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8').send(LIVE_BODY);
  });

  fastify.get('/health/ready', (request, reply) => {
    const dependencies = deps.supervisor.snapshot();
    const ready = deps.state.current === 'running' && deps.supervisor.allUp();
    const body: Record<string, unknown> = {
      status: ready ? 'ready' : 'not_ready',
      state: deps.state.current,
      service: deps.service,
      checked_at: new Date().toISOString(),
      dependencies,
    };
    if (!ready) {
      const details = Object.entries(dependencies)
        .filter(([, status]) => status.status !== 'up')
        .map(([name, status]) => ({ field: `dependencies.${name}`, message: status.error ?? 'down' }));
      if (deps.state.current !== 'running') details.unshift({ field: 'state', message: `service is ${deps.state.current}` });
      body['error'] = { code: 'SERVICE_UNAVAILABLE', message: 'Service is not ready', details, request_id: String(request.id) };
    }
    void reply.status(ready ? 200 : 503).send(body);
  });

  fastify.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await deps.metrics.render();
    return reply.header('content-type', contentType).send(body);
  });
}
