import type { ServiceDefinition } from '@forecastin/lifecycle';
import { NatsDependency, natsTransportOptions, OutboxRelay } from '@forecastin/messaging';
import { PostgresDependency, runMigrations } from '@forecastin/persistence';
import { AppModule } from './app.module';
import { entityConfigShape } from './config/entity-config.schema';
import { acceptMergePatchJson } from './entities/http/merge-patch-content-type';
import { migrations } from './migrations';

/** The service's Postgres schema: its tables, migrations table and search_path. */
export const SCHEMA = 'entity';
const NAME = 'entity-service';

/**
 * entity-service as `bootstrap()` (main.ts) and in-process tests (`startService`) run it: Postgres,
 * NATS, the outbox relay (one leader across instances), HTTP routes and the rpc.entity.* handlers.
 */
export const entityServiceDefinition: ServiceDefinition<typeof entityConfigShape> = {
  name: NAME,
  defaultPort: 3001,
  configShape: entityConfigShape,
  dependencies: (config, logger) => {
    const nats = NatsDependency.fromConfig(config, { connectionName: NAME, logger });
    return [
      // Pipelined: a write's START, tenant switch and first statement share one round trip (withTenant).
      PostgresDependency.fromConfig(config, { schema: SCHEMA, migrations, logger, applicationName: NAME, pipelined: true }),
      nats,
      new OutboxRelay({ url: config.DATABASE_URL, schema: SCHEMA, nats, logger }),
    ];
  },
  rootModule: AppModule,
  microservices: ({ config }) => [
    { options: natsTransportOptions({ url: config.NATS_URL, queue: NAME, subjectPrefix: config.NATS_SUBJECT_PREFIX }) },
  ],
  configure: (app) => acceptMergePatchJson(app),
  commands: {
    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.
    migrate: async ({ config, logger }) => {
      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });
    },
  },
};
