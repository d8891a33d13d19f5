import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@forecastin/contracts';

/**
 * The error business code throws: a contract error code, a message safe to show the caller, and
 * optional field details. The exception filter turns it into the API.md envelope with its status.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}
