import { Catch, Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import { RpcErrorEnvelopeFilter } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';

/**
 * The RPC error envelope filter, injectable so `@UseFilters` can build it with the service logger:
 * global filters passed to the microservice setup arrive after Nest initialised it and are
 * ignored ("registration must occur before initialization").
 */
@Injectable()
@Catch()
export class HierarchyRpcErrorFilter extends RpcErrorEnvelopeFilter {
  constructor(@Inject(SERVICE_LOGGER) logger: Logger) {
    super(logger);
  }
}
