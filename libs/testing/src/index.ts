export { createTestDatabase, type TestDatabase } from './test-database';
export { createMigratedDatabase, fingerprintSources, type MigratedDatabaseOptions } from './migrated-database';
export { adminDatabaseUrl } from './postgres-admin';
export { uniqueTestPrefix, testNatsEnv, testRedisEnv } from './unique-prefix';
export { createTestKeys, type TestKeys, type TestKeyAlgorithm } from './test-keys';
export {
  mintTestToken,
  unsignedToken,
  hs256WithKey,
  buildTestClaims,
  TEST_JWT_ISSUER,
  TEST_JWT_AUDIENCE,
  type MintOptions,
} from './test-token';
export { TcpProxy, type TcpProxyOptions } from './tcp-proxy';
export { freePort } from './free-port';
export { startServiceProcess, type StartServiceOptions, type ServiceProcess, type ExitStatus } from './service-process';
export { runServiceCommand, type ServiceCommandResult } from './service-command';
export { createCaptureLogger, type CapturedLogger } from './capture-logger';
export { startServiceUnderTest, migratedServiceDatabase, type ServiceUnderTest } from './service-under-test';
export { readinessReport, readinessStatus, waitUntilNotReady, waitForReadiness } from './readiness-probe';
export { openSlowRequest, type SlowRequest, type RawHttpResponse } from './slow-request';
export { deleteTestStream, deleteTestKeys } from './test-resource-cleanup';
export { describeServiceLifecycle, type ServiceLifecycleSuiteOptions } from './suites/service-lifecycle.suite';
export { describeBaselineMigration } from './suites/baseline-migration.suite';
export { eventually } from './eventually';
