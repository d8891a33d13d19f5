/**
 * Same rule as persistence's service schema names: the schema is spliced into identifiers (table,
 * trigger, NOTIFY channel), where bind parameters are not allowed, so it must need no quoting.
 * Kept here rather than imported so messaging does not load typeorm/pg through persistence's entry.
 */
const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** Every name the outbox of one service schema uses in Postgres. */
export interface OutboxNames {
  readonly schema: string;
  /** `<schema>.outbox` */
  readonly table: string;
  /** `<schema>.outbox_notify()`: the statement trigger's function. */
  readonly notifyFunction: string;
  /** LISTEN/NOTIFY channel the relay wakes on (per database, hence the schema in it). */
  readonly channel: string;
  /** Key of the session-level advisory lock held by the one relaying instance. */
  readonly lockKey: string;
}

export function outboxNames(schema: string): OutboxNames {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid outbox schema ${JSON.stringify(schema)}: expected ${SCHEMA_NAME.source}`);
  }
  return {
    schema,
    table: `${schema}.outbox`,
    notifyFunction: `${schema}.outbox_notify`,
    channel: `forecastin_outbox_${schema}`,
    lockKey: `forecastin:outbox-relay:${schema}`,
  };
}
