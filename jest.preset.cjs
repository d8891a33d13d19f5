// Shared Jest settings. Tests run through @swc/jest (fast, no type-check: `typecheck` does that).
// NestJS 12, @nats-io and jose ship ESM only, so Jest must transform them too (see TOOLCHAIN.md).
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const workspaceLibs = path.join(__dirname, 'libs');

/** @param {string} projectDir @param {{ testMatch: string[], testTimeout?: number }} options */
function jestConfig(projectDir, options) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: options.testMatch,
    testTimeout: options.testTimeout ?? 20_000,
    transform: { '^.+\\.(t|j|mj)s$': swc },
    // The OTLP exporter loads node:http through a dynamic import(), which Jest only runs once transformed.
    transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@nats-io|jose|@opentelemetry/otlp-exporter-base)/)'],
    moduleNameMapper: { '^@forecastin/([a-z-]+)$': `${workspaceLibs}/$1/src/index.ts` },
    modulePathIgnorePatterns: ['<rootDir>/dist'],
    cacheDirectory: path.join(__dirname, '.jest-cache'),
    // `npm test` sums every project's totals into one line (tools/ci/jest-results-reporter.cjs).
    reporters: ['default', path.join(__dirname, 'tools', 'ci', 'jest-results-reporter.cjs')],
  };
}

module.exports = {
  /** Small (pure) and medium (real Postgres/Redis/NATS) tests of one project. */
  unit: (dir) => jestConfig(dir, { testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'] }),
  /** End-to-end tests that start built services as processes. */
  e2e: (dir) => jestConfig(dir, { testMatch: ['<rootDir>/**/*.e2e-spec.ts'], testTimeout: 60_000 }),
};
