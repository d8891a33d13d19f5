import { redisConfigShape } from '@forecastin/cache';
import { ConfigError, type ConfigOf } from '@forecastin/lifecycle';
import { authConfigProblems, authConfigShape } from './auth';
import { edgeConfigShape } from './edge';
import { proxyConfigShape } from './proxy';
import { rateLimitConfigShape } from './rate-limit';

/** Everything the gateway reads from the environment, on top of the base config (docs/chassis.md). */
export const gatewayConfigShape = {
  ...redisConfigShape,
  ...authConfigShape,
  ...rateLimitConfigShape,
  ...edgeConfigShape,
  ...proxyConfigShape,
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigShape>;

/** Cross-variable rules zod shapes cannot express; throws ConfigError (exit 1, every problem listed). */
export function assertGatewayConfig(config: GatewayConfig): void {
  const problems = authConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}
