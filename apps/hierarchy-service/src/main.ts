import { bootstrap, serveBeforeFastify } from '@forecastin/lifecycle';
import { NatsDependency, natsTransportOptions } from '@forecastin/messaging';
import { PostgresDependency, runMigrations } from '@forecastin/persistence';
import { RedisDependency } from '@forecastin/cache';
import { AppModule } from './app.module';
import { CacheMetrics } from './cache/cache-metrics';
import { MemoryTier } from './cache/memory-tier';
import { rebuildReadModel } from './commands/rebuild.command';
import { verifyReadModel } from './commands/verify.command';
import { hierarchyConfigShape } from './hierarchy-config';
import { NodeFastPath } from './http/node-fast-path';
import { VerifiedIdentities } from './http/verified-identities';
import { migrations } from './migrations';
import { PreparedReadsPostgres } from './read-model/prepared-reads.postgres';

/** The service's Postgres schema: its tables, migrations table and search_path. */
const SCHEMA = 'hierarchy';

void bootstrap({
  name: 'hierarchy-service',
  defaultPort: 3002,
  configShape: hierarchyConfigShape,
  dependencies: (config, logger) => [
    PostgresDependency.fromConfig(config, { schema: SCHEMA, migrations, logger, applicationName: 'hierarchy-service' }),
    // The cache misses' indexed reads, on connections that never plan them again (its comment says why).
    new PreparedReadsPostgres(config, { schema: SCHEMA, logger, applicationName: 'hierarchy-service' }),
    // Not required: without Redis reads go L1 → L3 and readiness shows redis down (degraded), still 200.
    RedisDependency.fromConfig(config, logger, { required: false }),
    NatsDependency.fromConfig(config, { connectionName: 'hierarchy-service', logger }),
  ],
  rootModule: AppModule,
  // L1 hits of node reads are answered before Nest/Fastify; everything else goes through Nest.
  configure: (app, { config }) => serveBeforeFastify(app, new NodeFastPath(app.get(MemoryTier), app.get(CacheMetrics), new VerifiedIdentities(config.IDENTITY_SIGNING_KEY))),
  microservices: ({ config }) => [
    { options: natsTransportOptions({ url: config.NATS_URL, queue: 'hierarchy-service', subjectPrefix: config.NATS_SUBJECT_PREFIX }) },
  ],
  commands: {
    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.
    migrate: async ({ config, logger }) => {
      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });
    },
    // `node dist/main.js rebuild [--from auto|stream|entity-service]`
    rebuild: (context) => rebuildReadModel(context, { schema: SCHEMA, migrations }, process.argv.slice(3)),
    verify: (context) => verifyReadModel(context, { schema: SCHEMA, migrations }),
  },
});
