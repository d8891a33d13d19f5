import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import {
  ERROR_STATUS,
  ErrorCode,
  errorEnvelopeSchema,
  zodIssuesToDetails,
  type ErrorEnvelope,
} from '@forecastin/contracts';
import { z } from 'zod';
import { RpcError } from '../errors/messaging.errors';

/** What the filter needs to know about an error it turned into an envelope. */
export interface MappedRpcError {
  readonly envelope: ErrorEnvelope;
  /** Only true for unexpected failures: those are logged with their error id, the rest are the caller's doing. */
  readonly unexpected: boolean;
}

// First code per status: the generic one for that status (VALIDATION_ERROR for 400, ...).
const CODE_BY_STATUS = new Map<number, ErrorCode>();
for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) {
  if (!CODE_BY_STATUS.has(status)) CODE_BY_STATUS.set(status, code);
}

function envelope(code: ErrorCode, message: string, requestId: string, extra: Partial<ErrorEnvelope['error']> = {}): ErrorEnvelope {
  return { error: { code, message, request_id: requestId, ...extra } };
}

/**
 * Maps anything a handler (or a pipe before it) throws to the API error envelope, so every RPC
 * failure is answered, in the same shape as HTTP errors, and never with a stack trace.
 */
export function toRpcErrorEnvelope(exception: unknown, requestId: string): MappedRpcError {
  if (exception instanceof RpcError) {
    const extra = {
      ...(exception.details && exception.details.length > 0 ? { details: exception.details } : {}),
      ...(exception.errorId ? { error_id: exception.errorId } : {}),
    };
    return { envelope: envelope(exception.code, exception.message, requestId, extra), unexpected: false };
  }
  if (exception instanceof z.ZodError) {
    const details = zodIssuesToDetails(exception);
    return { envelope: envelope(ErrorCode.VALIDATION_ERROR, 'Invalid input', requestId, { details }), unexpected: false };
  }
  if (exception instanceof RpcException) {
    const given = errorEnvelopeSchema.safeParse(exception.getError());
    if (given.success) return { envelope: given.data, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const code = CODE_BY_STATUS.get(exception.getStatus());
    if (code && code !== ErrorCode.INTERNAL_ERROR) {
      return { envelope: envelope(code, exception.message, requestId), unexpected: false };
    }
  }
  const errorId = `err_${randomUUID().replaceAll('-', '')}`;
  return {
    envelope: envelope(ErrorCode.INTERNAL_ERROR, 'Internal error', requestId, { error_id: errorId }),
    unexpected: true,
  };
}
