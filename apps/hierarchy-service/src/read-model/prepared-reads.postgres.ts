import type { Logger } from '@forecastin/observability';
import { PostgresDependency } from '@forecastin/persistence';
import type { HierarchyConfig } from '../hierarchy-config';

/**
 * hierarchy-service's second pool, for the L3 reads behind every cache miss: nodes by path,
 * children pages, descendants pages (`ReadModelQueries`). Its connections run with
 * `plan_cache_mode = force_generic_plan` and those reads are named statements, so each is
 * planned once per connection and then only bound and executed. At a million nodes planning was
 * ~0.1 ms of a ~0.4 ms page read (EXPLAIN, `npm run bench -- hierarchy-1m`), a whole round trip.
 *
 * The generic plans are the ones wanted whatever the parameters: equality probes of the
 * (workspace, path) and (workspace, parent, key) btrees, and for a subtree page a walk of the
 * (workspace, path) btree in path order that stops after the page, whatever the subtree's size
 * (a plan made for the parameters chose the GiST index and a sort whenever the histogram put the
 * subtree inside one bucket). Everything else stays on the main pool, planned per call: a
 * name-prefix `LIKE $1` can only use its index when the planner sees the pattern.
 */
export class PreparedReadsPostgres extends PostgresDependency {
  constructor(
    config: Pick<HierarchyConfig, 'DATABASE_URL' | 'DB_READ_POOL_MAX' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_CONNECT_TIMEOUT_MS'>,
    service: { schema: string; logger: Logger; applicationName: string },
  ) {
    super({
      name: 'postgres-reads',
      url: config.DATABASE_URL,
      schema: service.schema,
      migrations: [],
      logger: service.logger,
      poolMax: config.DB_READ_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      applicationName: service.applicationName,
      sessionSettings: { plan_cache_mode: 'force_generic_plan' },
    });
  }
}
