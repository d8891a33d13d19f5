/** Thrown when an operation on Redis does not settle within its bound. */
export class RedisTimeoutError extends Error {
  constructor(operation: string, timeoutMs: number) {
    super(`redis ${operation} did not complete within ${timeoutMs} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/** Races `work` against a timer so a stuck socket can never hold a caller forever. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(operation, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
