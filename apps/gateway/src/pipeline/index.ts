export { GatewayPipeline, type GatewayPipelineDeps } from './gateway-pipeline';
export { createUpgradeHandler, type WebSocketUpgradeDeps } from './websocket-upgrade';
export type { Authenticator, RateLimitDecider, RateLimitPolicy } from './pipeline-ports';
export { rateLimitPolicy } from './rate-limit-policy';
export { GatewayComposition } from './gateway-composition';
