import { bootstrap } from '@forecastin/lifecycle';
import { NatsDependency, natsConfigShape, eventsMaxAgeMs } from '@forecastin/messaging';
import { PostgresDependency, postgresConfigShape, runMigrations } from '@forecastin/persistence';
import { AppModule } from './app.module';
import { migrations } from './migrations';

/** The service's Postgres schema: its tables, migrations table and search_path. */
const SCHEMA = 'flag';

void bootstrap({
  name: 'flag-service',
  defaultPort: 3004,
  configShape: { ...postgresConfigShape, ...natsConfigShape },
  dependencies: (config, logger) => [
    new PostgresDependency({
      url: config.DATABASE_URL,
      schema: SCHEMA,
      migrations,
      logger,
      poolMax: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      applicationName: 'flag-service',
    }),
    new NatsDependency({
      url: config.NATS_URL,
      connectionName: 'flag-service',
      logger,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      eventsStream: config.EVENTS_STREAM,
      eventsMaxAgeMs: eventsMaxAgeMs(config),
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    }),
  ],
  rootModule: AppModule,
  commands: {
    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.
    migrate: async ({ config, logger }) => {
      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });
    },
  },
});
