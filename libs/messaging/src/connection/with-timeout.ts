/** Thrown when a NATS operation does not settle within its bound. */
export class NatsTimeoutError extends Error {
  constructor(operation: string, timeoutMs: number) {
    super(`nats ${operation} did not complete within ${timeoutMs} ms`);
    this.name = 'NatsTimeoutError';
  }
}

/** Races `work` against a timer so a silent server can never hold a caller forever. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NatsTimeoutError(operation, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
