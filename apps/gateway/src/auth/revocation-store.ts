import { ErrorCode } from '@forecastin/contracts';
import { AppError, withTimeout } from '@forecastin/lifecycle';
import type { RedisDependency } from '@forecastin/cache';

/** `<prefix>revoked:<jti>`: shared with the rate-limit script, which checks it in the same round trip. */
export function revocationKey(redis: RedisDependency, jti: string): string {
  return redis.key('revoked', jti);
}

export interface RevocationStoreOptions {
  /** Tokens are accepted up to this long past exp, so a revocation must outlive exp by as much. */
  readonly clockSkewSeconds: number;
  readonly timeoutMs?: number;
}

/**
 * Revoked token ids in Redis, each kept until its token would have expired anyway. Fails closed:
 * when Redis cannot be asked, it throws SERVICE_UNAVAILABLE rather than answering "not revoked".
 */
export class RevocationStore {
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: RedisDependency,
    private readonly options: RevocationStoreOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /** Revokes `jti` until `expiresAt` (epoch seconds) plus the clock skew. Returns false when it had already expired. */
  async revoke(jti: string, expiresAt: number): Promise<boolean> {
    const until = expiresAt + this.options.clockSkewSeconds;
    if (until * 1000 <= Date.now()) return false;
    await this.ask(() => this.redis.client.set(revocationKey(this.redis, jti), '1', { expiration: { type: 'EXAT', value: until } }));
    return true;
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.ask(() => this.redis.client.exists(revocationKey(this.redis, jti)))) === 1;
  }

  private async ask<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(command(), this.timeoutMs, 'redis revocation');
    } catch {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Token revocation cannot be checked right now');
    }
  }
}
