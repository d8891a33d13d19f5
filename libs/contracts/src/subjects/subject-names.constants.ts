/** The one JetStream stream holding every `evt.>` event (tests use their own name via EVENTS_STREAM env). */
export const EVENTS_STREAM = 'EVENTS';

/** Pseudo workspace for platform-wide events (feature flags). */
export const GLOBAL_WORKSPACE = 'global';

export const EVENT_AGGREGATES = ['entity', 'hierarchy', 'scenario', 'flag'] as const;
export type EventAggregate = (typeof EVENT_AGGREGATES)[number];

/** Request/reply operations, by serving service. Add an operation here before serving or calling it. */
export const RPC_OPERATIONS = {
  entity: ['get', 'batch_get', 'snapshot_open', 'snapshot_page', 'snapshot_close'],
  hierarchy: ['node', 'ancestors', 'descendants'],
  flag: ['snapshot'],
} as const;
export type RpcService = keyof typeof RPC_OPERATIONS;
export type RpcOperation<S extends RpcService = RpcService> = (typeof RPC_OPERATIONS)[S][number];

/** Services that listen on `cache.invalidate.<service>`. */
export const CACHE_SERVICES = ['entity', 'hierarchy', 'scenario', 'flag'] as const;
export type CacheService = (typeof CACHE_SERVICES)[number];
