/**
 * Why one attempt to reach an upstream failed. `connect`: no response came back (503);
 * `timeout`: the upstream accepted the request but did not answer in time (504, never retried).
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: 'connect' | 'timeout',
    readonly upstream: string,
    cause: unknown,
    /** Nothing reached the upstream (refused, reset before any response byte, connect timeout). */
    readonly retryable: boolean,
  ) {
    super(`${upstream}: ${kind === 'timeout' ? 'response timed out' : 'connection failed'}`, { cause });
    this.name = 'UpstreamFailure';
  }
}
