import { Catch, Inject, Injectable, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { resolveRequestId, type ErrorEnvelope } from '@forecastin/contracts';
import { SERVICE_LOGGER } from '@forecastin/lifecycle';
import type { Logger } from 'pino';
import { throwError, type Observable } from 'rxjs';
import { REQUEST_ID_HEADER } from '../tracing/message-headers';
import { toRpcErrorEnvelope } from './rpc-error-envelope';

interface HeaderReader {
  get(name: string): string;
  has(name: string): boolean;
}

function isHeaderReader(value: unknown): value is HeaderReader {
  return (
    typeof value === 'object' && value !== null && 'get' in value && typeof value.get === 'function' && 'has' in value && typeof value.has === 'function'
  );
}

/** The caller's x-request-id from the NATS message headers (Nest's NatsContext), or a fresh one. */
function requestIdOf(host: ArgumentsHost): string {
  const ctx: unknown = host.switchToRpc().getContext();
  if (typeof ctx !== 'object' || ctx === null || !('getHeaders' in ctx) || typeof ctx.getHeaders !== 'function') {
    return resolveRequestId(undefined);
  }
  const headers: unknown = ctx.getHeaders();
  return resolveRequestId(isHeaderReader(headers) && headers.has(REQUEST_ID_HEADER) ? headers.get(REQUEST_ID_HEADER) : undefined);
}

/**
 * Answers every failure of an RPC handler with the API error envelope (in the reply's `err`), which
 * `rpcRequest` turns back into a typed `RpcError`.
 *
 * In a service, bind it on each RPC controller: `@UseFilters(RpcErrorEnvelopeFilter)` (Nest builds it
 * with the service logger). A global filter does not work there: `bootstrap()` connects the NATS
 * transport to an HTTP app that is already initialised, and Nest registers the handlers at connect
 * time, before any `useGlobalFilters` on the transport could apply. A standalone microservice may
 * still use `app.useGlobalFilters(new RpcErrorEnvelopeFilter(logger))`.
 */
@Injectable()
@Catch()
export class RpcErrorEnvelopeFilter implements RpcExceptionFilter<unknown> {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorEnvelope> {
    const requestId = requestIdOf(host);
    const { envelope, unexpected } = toRpcErrorEnvelope(exception, requestId);
    if (unexpected) {
      this.logger.error({ err: exception, requestId, errorId: envelope.error.error_id }, 'rpc handler failed');
    }
    return throwError(() => envelope);
  }
}
