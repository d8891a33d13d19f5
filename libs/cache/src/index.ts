export { redisConfigShape, type RedisConfig } from './redis-config.schema';
export {
  RedisDependency,
  RedisNotConnectedError,
  type RedisClient,
  type RedisDependencyOptions,
} from './redis.dependency';
export { reconnectDelayMs, type BackoffOptions } from './reconnect-backoff';
