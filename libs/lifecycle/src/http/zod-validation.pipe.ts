import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode, zodIssuesToDetails } from '@forecastin/contracts';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Validates a body/query/param against a contracts schema: 400 VALIDATION_ERROR with field paths. */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', zodIssuesToDetails(parsed.error));
    return parsed.data;
  }
}
