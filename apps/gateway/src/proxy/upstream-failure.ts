/**
 * Why one attempt to reach an upstream failed. `connect`: no response came back (503);
 * `connect_timeout`: no connection within the connect timeout (504, retryable: nothing was sent);
 * `timeout`: the upstream accepted the request but did not answer in time (504, never retried);
 * `body_too_large`: the caller streamed more than the body limit (413, not the upstream's fault).
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: 'connect' | 'connect_timeout' | 'timeout' | 'body_too_large',
    readonly upstream: string,
    cause: unknown,
    /** Nothing reached the upstream (refused, reset before any response byte, connect timeout). */
    readonly retryable: boolean,
  ) {
    super(`${upstream}: ${kind}`, { cause });
    this.name = 'UpstreamFailure';
  }
}
