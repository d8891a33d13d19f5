import { Catch, Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import { RpcErrorEnvelopeFilter } from '@forecastin/messaging';

/** The logger type the base filter takes (pino's, through observability). */
type FilterLogger = ConstructorParameters<typeof RpcErrorEnvelopeFilter>[0];

/**
 * messaging's RPC error filter, built by DI so it can be bound with `@UseFilters` on the RPC
 * controller. Why not only the microservice's global filter from `bootstrap()`: in a hybrid app
 * (HTTP + NATS) Nest did not apply it to the handlers (failures came back as the default
 * "Internal server error"); a controller-level filter is applied in every setup.
 */
@Catch()
@Injectable()
export class EntityRpcErrorFilter extends RpcErrorEnvelopeFilter {
  constructor(@Inject(SERVICE_LOGGER) logger: FilterLogger) {
    super(logger);
  }
}
