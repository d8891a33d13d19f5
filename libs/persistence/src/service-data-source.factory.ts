import type { Logger } from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { MigrationClass } from './migration-class';
import { assertSchemaName } from './schema-name';

export interface ServiceDataSourceSettings {
  readonly url: string;
  /** The service's own schema: tables, the migrations table and the search_path all live there. */
  readonly schema: string;
  readonly migrations: readonly MigrationClass[];
  readonly entities?: DataSourceOptions['entities'];
  readonly logger: Logger;
  readonly poolMax?: number;
  /** Default 5000 ms; 0 turns statement and query timeouts off. */
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly applicationName?: string;
  /**
   * Server settings for every connection of the pool, sent at connect (`-c name=value`), e.g.
   * `{ plan_cache_mode: 'force_generic_plan' }`. Names and values are limited to word characters
   * and dots: they travel inside the startup packet's options string, where spaces are separators.
   */
  readonly sessionSettings?: Readonly<Record<string, string>>;
  /**
   * pg's pipeline mode: a statement is sent at once, not after the previous one's answer, so
   * statements issued together share a round trip (`withTenant` sends its opening statements and
   * `work`'s first one together). Off by default: pg refuses cursors and streamed reads in it.
   */
  readonly pipelined?: boolean;
}

/**
 * pg-pool attaches the failed client (connection parameters, password included) to the error, so
 * the error object itself must never reach the logger.
 */
function describeError(error: unknown): { message: string; code?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return code === undefined ? { message: error.message } : { message: error.message, code };
}

export const MIGRATIONS_TABLE = 'typeorm_migrations';

const SETTING_PART = /^[A-Za-z0-9_.]+$/;

/** The startup options string: the search path, then each session setting. */
function connectionOptions(schema: string, sessionSettings: Readonly<Record<string, string>>): string {
  const settings = Object.entries(sessionSettings).map(([name, value]) => {
    if (!SETTING_PART.test(name) || !SETTING_PART.test(value)) throw new Error(`session setting ${JSON.stringify(name)} = ${JSON.stringify(value)} is not a plain name and value`);
    return `-c ${name}=${value}`;
  });
  // Unqualified names in raw SQL resolve to the service schema first; public holds ltree/postgis.
  return [`-c search_path=${schema},public`, ...settings].join(' ');
}

/**
 * The one place a DataSource is configured, so the service, the migration command and tests agree
 * on schema, timeouts and safety settings. Schema sync and implicit migration runs are off for good:
 * migrations run only through `runMigrations()`, as a separate command.
 */
export function createServiceDataSource(settings: ServiceDataSourceSettings): DataSource {
  const schema = assertSchemaName(settings.schema);
  const statementTimeoutMs = settings.statementTimeoutMs ?? 5000;
  const logger = settings.logger;
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    schema,
    entities: settings.entities ?? [],
    migrations: [...settings.migrations],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    // Extensions are created by the migration runner, which has the privileges; the service
    // role at run time may not, and must not try on every start.
    installExtensions: false,
    logging: false,
    poolSize: settings.poolMax ?? 10,
    connectTimeoutMS: settings.connectTimeoutMs ?? 3000,
    applicationName: settings.applicationName ?? `forecastin-${schema}`,
    // Without a listener an idle client's socket error would be re-emitted on the pool and crash
    // the process; here it is only logged and pg-pool replaces the client on next checkout.
    poolErrorHandler: (error: unknown) => {
      logger.warn({ dependency: 'postgres', error: describeError(error) }, 'idle postgres connection failed; it will be replaced');
    },
    extra: {
      // Server-side bound for runaway statements; the client-side bound covers a server or
      // network that stops answering altogether (no error ever arrives). 0 disables both, which
      // only the migration command uses (index builds may legitimately take long).
      ...(statementTimeoutMs > 0
        ? {
            statement_timeout: statementTimeoutMs,
            query_timeout: statementTimeoutMs + 1000,
            idle_in_transaction_session_timeout: statementTimeoutMs * 4,
          }
        : {}),
      keepAlive: true,
      pipeline: settings.pipelined ?? false,
      idleTimeoutMillis: 30_000,
      options: connectionOptions(schema, settings.sessionSettings ?? {}),
    },
  });
}

/**
 * Frees whatever a DataSource holds, whatever state a failed initialize() left it in: initialize()
 * can fail after the pool exists (for example on the version query) without marking itself
 * initialized, and then only driver.disconnect() ends the pool.
 */
export async function releaseDataSource(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) {
    await dataSource.destroy();
    return;
  }
  try {
    await dataSource.driver.disconnect();
  } catch {
    // No pool was ever created: nothing to release.
  }
}
