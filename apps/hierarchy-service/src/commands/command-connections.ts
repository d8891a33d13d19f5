import type { ServiceContext } from '@forecastin/lifecycle';
import { PostgresDependency, type MigrationClass } from '@forecastin/persistence';
import type { hierarchyConfigShape } from '../hierarchy-config';

/** Commands scan the whole read model: give their statements minutes, not the service's seconds. */
export const COMMAND_STATEMENT_TIMEOUT_MS = 600_000;

export type CommandContext = ServiceContext<typeof hierarchyConfigShape>;

export interface CommandOptions {
  readonly schema: string;
  readonly migrations: readonly MigrationClass[];
}

/** A connected Postgres dependency for a one-shot command. */
export async function commandPostgres({ config, logger }: CommandContext, options: CommandOptions, name: string): Promise<PostgresDependency> {
  const postgres = PostgresDependency.fromConfig(
    { ...config, DB_STATEMENT_TIMEOUT_MS: COMMAND_STATEMENT_TIMEOUT_MS },
    { schema: options.schema, migrations: options.migrations, logger, applicationName: `hierarchy-service-${name}` },
  );
  await postgres.connect();
  return postgres;
}
