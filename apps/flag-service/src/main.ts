import { bootstrap } from '@forecastin/lifecycle';
import { NatsDependency, natsConfigShape } from '@forecastin/messaging';
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
    PostgresDependency.fromConfig(config, { schema: SCHEMA, migrations, logger, applicationName: 'flag-service' }),
    NatsDependency.fromConfig(config, { connectionName: 'flag-service', logger }),
  ],
  rootModule: AppModule,
  commands: {
    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.
    migrate: async ({ config, logger }) => {
      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });
    },
  },
});
