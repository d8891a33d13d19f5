import type { NatsDependency } from '@forecastin/messaging';

export interface FlagsClientOptions {
  /** The service's own NATS connection (already a lifecycle dependency of the service). */
  readonly nats: NatsDependency;
  /**
   * Fallback poll: the snapshot is re-checked (cheaply, with its etag) this often even when no change
   * event arrives, which bounds how stale a missed event can leave it. Default 15,000 ms, ±20 % jitter.
   */
  readonly pollIntervalMs?: number;
  /** After a failed fetch, retry after 250 ms doubling up to this. Default 2,000 ms. */
  readonly maxRetryDelayMs?: number;
  /** Bound on one `rpc.flag.snapshot` call. Default: the NATS dependency's request timeout. */
  readonly requestTimeoutMs?: number;
  /**
   * `check()` fails when the snapshot was last confirmed fresh longer ago than this (readiness shows
   * it). Default 3 × pollIntervalMs.
   */
  readonly maxStalenessMs?: number;
  /**
   * Whether the service is not ready while flags are unavailable. Default false: evaluations keep
   * answering from the last snapshot (or the caller's fallback before the first one).
   */
  readonly required?: boolean;
}

export interface ResolvedFlagsClientOptions {
  readonly pollIntervalMs: number;
  readonly maxRetryDelayMs: number;
  readonly requestTimeoutMs: number;
  readonly maxStalenessMs: number;
  readonly required: boolean;
}

export const INITIAL_RETRY_DELAY_MS = 250;

export function resolveOptions(options: FlagsClientOptions): ResolvedFlagsClientOptions {
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  return {
    pollIntervalMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 2_000,
    requestTimeoutMs: options.requestTimeoutMs ?? options.nats.requestTimeoutMs,
    maxStalenessMs: options.maxStalenessMs ?? 3 * pollIntervalMs,
    required: options.required ?? false,
  };
}
