import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { withTimeout, type Dependency } from '@forecastin/lifecycle';
import type { MigrationClass } from './migration-class';
import { migrationNames } from './migration-list';
import { APPLIED_MIGRATIONS_FUNCTION } from './schema-preparation';
import type { PostgresConfig } from './postgres-config.schema';
import { createServiceDataSource, releaseDataSource, type ServiceDataSourceSettings } from './service-data-source.factory';


export interface PostgresDependencyOptions extends ServiceDataSourceSettings {
  readonly logger: Logger;
  /** The dependency's name in readiness, metrics and logs. Default `postgres`; a second pool needs its own. */
  readonly name?: string;
  /** Bound on the readiness `SELECT 1`. Default 1000 ms. */
  readonly checkTimeoutMs?: number;
}

/** Thrown by `dataSource` before `connect()` resolved or after `close()`. */
export class PostgresNotConnectedError extends Error {
  constructor() {
    super('postgres is not connected');
    this.name = 'PostgresNotConnectedError';
  }
}

/** SQLSTATEs meaning "this schema was never migrated": no such schema, no such function. */
const NOT_MIGRATED = new Set(['3F000', '42883']);

/**
 * Postgres as a lifecycle dependency: one typeorm DataSource (a pg pool) on the service's schema.
 * Each connect attempt builds a fresh DataSource and frees it completely when the attempt fails,
 * so the lifecycle can retry forever without leaking pools. Once connected, pg-pool replaces
 * broken connections by itself; `check()` tells the lifecycle whether a query gets through now
 * and, until it has seen them, whether the schema has every migration of this build (a service
 * started before its migrate Job finished is not ready, rather than ready and failing requests).
 */
export class PostgresDependency implements Dependency {
  readonly name: string;
  private current: DataSource | undefined;
  private readonly connectTimeoutMs: number;
  private readonly checkTimeoutMs: number;
  /** Set once the schema was seen with all of this build's migrations: they are never un-applied. */
  private schemaCurrent: boolean;

  /** The dependency as every service configures it: pool and timeouts from `postgresConfigShape`. */
  static fromConfig(
    config: PostgresConfig,
    service: { schema: string; migrations: readonly MigrationClass[]; logger: Logger; applicationName: string; pipelined?: boolean },
  ): PostgresDependency {
    return new PostgresDependency({
      url: config.DATABASE_URL,
      schema: service.schema,
      migrations: service.migrations,
      logger: service.logger,
      poolMax: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      applicationName: service.applicationName,
      pipelined: service.pipelined,
    });
  }

  constructor(private readonly options: PostgresDependencyOptions) {
    this.name = options.name ?? 'postgres';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 1000;
    this.schemaCurrent = options.migrations.length === 0;
  }

  /** The connected DataSource. Throws before `connect()` resolved. */
  get dataSource(): DataSource {
    if (!this.current) throw new PostgresNotConnectedError();
    return this.current;
  }

  get schema(): string {
    return this.options.schema;
  }

  async connect(): Promise<void> {
    if (this.current?.isInitialized) return;
    const dataSource = createServiceDataSource({ ...this.options, connectTimeoutMs: this.connectTimeoutMs });
    const initializing = dataSource.initialize();
    try {
      // connectTimeoutMS bounds opening the socket; this bounds the whole start-up including the
      // version/schema queries typeorm runs on the first connection.
      await withTimeout(initializing, this.connectTimeoutMs + 1000, 'postgres connect');
    } catch (error: unknown) {
      // A timed-out initialize may still finish later: release it whenever it settles.
      void initializing.then(
        () => releaseDataSource(dataSource),
        () => releaseDataSource(dataSource),
      ).catch(() => undefined);
      throw error;
    }
    this.current = dataSource;
    this.options.logger.info({ dependency: this.name, schema: this.options.schema }, 'postgres connected');
  }

  async check(): Promise<void> {
    const dataSource = this.dataSource;
    const rows: unknown = await withTimeout(dataSource.query('SELECT 1 AS ok'), this.checkTimeoutMs, 'postgres SELECT 1');
    if (!Array.isArray(rows) || rows.length !== 1) {
      throw new Error('postgres answered SELECT 1 with an unexpected result');
    }
    if (this.schemaCurrent) return;
    const missing = await withTimeout(this.missingMigrations(dataSource), this.checkTimeoutMs, 'postgres migrations check');
    if (missing.length > 0) {
      const listed = missing.length > 3 ? `${missing.slice(0, 3).join(', ')}, …` : missing.join(', ');
      throw new Error(`the ${this.options.schema} schema lacks ${missing.length} migration(s) of this build (${listed}): run the migrate command`);
    }
    this.schemaCurrent = true;
  }

  /** This build's migrations the schema has not recorded (all of them when it was never migrated). */
  private async missingMigrations(dataSource: DataSource): Promise<string[]> {
    const expected = migrationNames(this.options.migrations);
    try {
      const rows: Array<{ name: string }> = await dataSource.query(`SELECT name FROM ${this.options.schema}.${APPLIED_MIGRATIONS_FUNCTION}() AS name`);
      const applied = new Set(rows.map((row) => row.name));
      return expected.filter((name) => !applied.has(name));
    } catch (error: unknown) {
      // typeorm's QueryFailedError carries the driver's SQLSTATE as `code`.
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      if (NOT_MIGRATED.has(code)) return expected;
      throw error;
    }
  }

  async close(): Promise<void> {
    const dataSource = this.current;
    this.current = undefined;
    if (!dataSource) return;
    await releaseDataSource(dataSource);
    this.options.logger.info({ dependency: this.name }, 'postgres pool closed');
  }
}
