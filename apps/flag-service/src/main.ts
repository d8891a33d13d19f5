import { bootstrap, SERVICE_METRICS } from '@forecastin/lifecycle';
import { NatsDependency, natsTransportOptions, OutboxRelay } from '@forecastin/messaging';
import type { ServiceMetrics } from '@forecastin/observability';
import { PostgresDependency, runMigrations } from '@forecastin/persistence';
import { AppModule } from './app.module';
import { flagServiceConfigShape } from './config/flag-service.config';
import { registerJsonBodyParsers } from './http/json-body.parsers';
import { FlagStoreDependency } from './live/flag-store.dependency';
import { migrations } from './migrations';

/** The service's Postgres schema: its tables, migrations table and search_path. */
const SCHEMA = 'flag';

void bootstrap({
  name: 'flag-service',
  defaultPort: 3004,
  configShape: flagServiceConfigShape,
  dependencies: (config, logger) => {
    const postgres = PostgresDependency.fromConfig(config, { schema: SCHEMA, migrations, logger, applicationName: 'flag-service' });
    const nats = NatsDependency.fromConfig(config, { connectionName: 'flag-service', logger });
    return [
      postgres,
      nats,
      new OutboxRelay({ url: config.DATABASE_URL, schema: SCHEMA, nats, logger }),
      new FlagStoreDependency({ postgres, nats, logger, pollIntervalMs: config.FLAG_POLL_INTERVAL_MS }),
    ];
  },
  rootModule: AppModule,
  // rpc.flag.snapshot for flags-client (queue group: one instance answers each request).
  microservices: ({ config }) => [{ options: natsTransportOptions({ url: config.NATS_URL, queue: 'flag-service', subjectPrefix: config.NATS_SUBJECT_PREFIX }) }],
  configure: async (app) => {
    await registerJsonBodyParsers(app);
    app.get(OutboxRelay).registerMetrics(app.get<ServiceMetrics>(SERVICE_METRICS).registry);
  },
  commands: {
    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.
    migrate: async ({ config, logger }) => {
      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });
    },
  },
});
