/** The services the gateway forwards to; each gets its own agent, breaker and readiness poll. */
export const UPSTREAM_NAMES = ['entity', 'hierarchy', 'scenario', 'flag', 'realtime'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/** Routes the gateway answers itself (after authentication), e.g. token revocation. */
export const GATEWAY_TARGET = 'gateway';
export type RouteTarget = UpstreamName | typeof GATEWAY_TARGET;
