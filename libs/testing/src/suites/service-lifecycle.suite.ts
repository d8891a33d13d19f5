import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../eventually';
import { runServiceCommand } from '../service-command';
import { readinessReport, readinessStatus, waitForReadiness, waitUntilNotReady } from '../readiness-probe';
import { createTestDatabase } from '../test-database';
import { startServiceUnderTest, type ServiceUnderTest } from '../service-under-test';
import { openSlowRequest } from '../slow-request';

export interface ServiceLifecycleSuiteOptions {
  /** The app's name, e.g. `entity-service`. */
  service: string;
  /** Absolute path of the app's built `dist/main.js`. */
  main: string;
  /** Whether the app has a Postgres schema (then it runs against its own migrated database). */
  database: boolean;
  /** Extra variables the service needs to start (e.g. the gateway's JWT trust settings), made once before the suite. */
  environment?: () => Promise<Record<string, string>>;
}

/**
 * The lifecycle every service must honour, checked against its built output as a real process:
 * a request in flight survives SIGTERM, readiness drops first, the exit code is 0; an invalid
 * configuration exits 1 naming every problem and never a secret's value.
 */
export function describeServiceLifecycle(options: ServiceLifecycleSuiteOptions): void {
  describe(`${options.service} lifecycle (built dist/main.js as a process)`, () => {
    let service: ServiceUnderTest;
    let extraEnv: Record<string, string> = {};
    const shortName = options.service.replace(/-service$/, '');

    beforeAll(async () => {
      extraEnv = (await options.environment?.()) ?? {};
      service = await startServiceUnderTest({
        label: shortName,
        main: options.main,
        database: options.database,
        environment: (defaults) => ({ ...defaults, ...extraEnv }),
      });
    });

    afterAll(async () => {
      await service.cleanup();
    });

    it('drains a request in flight on SIGTERM, stops being ready, and exits 0', async () => {
      expect(await readinessStatus(service.port)).toBe(200);
      const slow = await openSlowRequest(service.port);

      service.process.signal('SIGTERM');

      expect(await waitUntilNotReady(service.port, 5_000)).toMatch(/^(503|refused)$/);
      // Still nothing answered: the request is genuinely in flight while the service stops.
      expect(slow.bytesReceived()).toBe(0);
      const response = await slow.finish();
      // A full response (not a reset): the unknown route's 404 in the API error envelope.
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });

      const exit = await service.process.waitForExit(15_000);
      expect(exit.code).toBe(0);
    });

    if (options.database) {
      it('is not ready on a database nobody migrated (saying so), and becomes ready once the migrate command ran', async () => {
        const database = await createTestDatabase({ prefix: `${shortName}_unmigrated` });
        let unmigrated: ServiceUnderTest | undefined;
        try {
          unmigrated = await startServiceUnderTest({
            label: `${shortName}-unmig`,
            main: options.main,
            database: false,
            environment: (defaults) => ({ ...defaults, ...extraEnv, DATABASE_URL: database.url }),
            waitFor: 'live',
          });
          const port = unmigrated.port;
          await eventually(async () => {
            const report = await readinessReport(port);
            expect(report.status).toBe(503);
            expect(report.body.dependencies?.['postgres']).toMatchObject({ status: 'down', error: expect.stringContaining('migration(s) of this build') });
          }, 10_000);
          const migrated = await runServiceCommand(options.main, ['migrate'], { ...extraEnv, DATABASE_URL: database.url });
          expect(migrated.code).toBe(0);
          // The next readiness probe sees the schema current (DEPENDENCY_CHECK_INTERVAL_MS).
          await waitForReadiness(port, 200, 20_000);
        } finally {
          await unmigrated?.cleanup();
          await database.drop();
        }
      });
    }

    it('refuses an invalid configuration with exit 1, listing every problem without secret values', async () => {
      const secretValue = 'too-short-key';
      const result = await runServiceCommand(options.main, [], {
        ...extraEnv,
        NODE_ENV: 'production',
        PORT: 'not-a-port',
        LOG_LEVEL: 'loudest',
        IDENTITY_SIGNING_KEY: secretValue,
      });
      expect(result.code).toBe(1);
      const output = result.output.join('\n');
      for (const variable of ['PORT', 'LOG_LEVEL', 'IDENTITY_SIGNING_KEY']) expect(output).toContain(`${variable}:`);
      expect(output).not.toContain(secretValue);
    });
  });
}
