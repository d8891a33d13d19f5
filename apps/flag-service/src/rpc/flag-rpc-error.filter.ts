import { Catch, Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import { RpcErrorEnvelopeFilter } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';

/**
 * The messaging envelope filter with the service logger injected, for `@UseFilters` on RPC
 * controllers. Why not only the transport's filter from bootstrap's `microservices`: in this hybrid
 * app an invalid payload came back "without an error envelope" (seen in live-updates.e2e-spec);
 * a controller-scoped filter applies in every case.
 */
@Catch()
@Injectable()
export class FlagRpcErrorFilter extends RpcErrorEnvelopeFilter {
  constructor(@Inject(SERVICE_LOGGER) logger: Logger) {
    super(logger);
  }
}
