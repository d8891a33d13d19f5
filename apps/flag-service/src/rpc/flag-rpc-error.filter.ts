import { Catch, Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import { RpcErrorEnvelopeFilter } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';

/**
 * The messaging envelope filter with the service logger injected, for `@UseFilters` on RPC
 * controllers. Not the transport-wide filter of bootstrap's `microservices`: this service
 * initialises the Nest app early (to replace the JSON body parser, see json-body.parsers.ts), and
 * Nest refuses global filters on a microservice connected after init ("registration must occur
 * before initialization"), so an invalid payload would come back without an envelope.
 */
@Catch()
@Injectable()
export class FlagRpcErrorFilter extends RpcErrorEnvelopeFilter {
  constructor(@Inject(SERVICE_LOGGER) logger: Logger) {
    super(logger);
  }
}
