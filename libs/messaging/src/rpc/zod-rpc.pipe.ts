import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RpcValidationError } from '../errors/messaging.errors';

/** Validates RPC input; throws `RpcValidationError` (answered as VALIDATION_ERROR with field details). */
export function validateRpc<T>(schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new RpcValidationError(parsed.error);
  return parsed.data;
}

/** `@Payload(new ZodRpcPipe(schema)) input: T`: the handler only ever sees valid input. */
export class ZodRpcPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: z.ZodType<T>) {}

  transform(value: unknown): T {
    return validateRpc(this.schema, value);
  }
}
