import { ErrorCode, zodIssuesToDetails, type ErrorDetail } from '@forecastin/contracts';
import type { z } from 'zod';

/** Used before `connect()` resolved, after `close()`, or while the connection is down. */
export class NatsNotConnectedError extends Error {
  constructor(reason = 'nats is not connected') {
    super(reason);
    this.name = 'NatsNotConnectedError';
  }
}

/** JetStream did not store a published event: no stream took the subject, it refused it, or no ack came in time. */
export class NatsPublishError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NatsPublishError';
  }
}

/**
 * A message that does not match its contract. Thrown before anything is published, so a bad
 * producer never puts a malformed message on the wire.
 */
export class InvalidMessageError extends Error {
  readonly details: ErrorDetail[];

  constructor(what: string, error: z.ZodError) {
    const details = zodIssuesToDetails(error);
    super(`invalid ${what}: ${details.map((d) => `${d.field || '(root)'}: ${d.message}`).join('; ')}`);
    this.name = 'InvalidMessageError';
    this.details = details;
  }
}

/**
 * The failure of a request/reply call, carrying the API error code the caller should answer with
 * (the gateway maps it straight to the HTTP status).
 */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Request id of the remote failure, when the responder reported one. */
    readonly requestId?: string,
    /** Error id of the remote failure (INTERNAL_ERROR), for finding it in the responder's logs. */
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Invalid RPC input, raised by `validateRpc` / `ZodRpcPipe`, answered as VALIDATION_ERROR. */
export class RpcValidationError extends RpcError {
  constructor(error: z.ZodError, prefix?: string) {
    super(ErrorCode.VALIDATION_ERROR, 'Invalid input', zodIssuesToDetails(error, prefix));
    this.name = 'RpcValidationError';
  }
}
