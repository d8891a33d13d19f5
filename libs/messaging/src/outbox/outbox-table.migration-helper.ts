import { outboxNames } from './outbox-names';

/** What a migration hands in: typeorm's QueryRunner fits, as does a pg Client. */
export interface MigrationQueryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * For use in a service's own migration: creates `<schema>.outbox`, which `enqueueEvent()` writes
 * in the business transaction and `OutboxRelay` drains to JetStream.
 *
 * - `id` (bigserial) is the relay's order; `event_id` is unique and becomes `Nats-Msg-Id`.
 * - `subject` is stored without the NATS prefix: the relay applies its connection's prefix, so a
 *   row means the same thing whatever `NATS_SUBJECT_PREFIX` the relaying instance runs with.
 * - `ordering_key` names the aggregate (e.g. `entity:<uuid>`): the relay never has two rows of one
 *   key in flight at once, which is what keeps per-aggregate order through publish failures.
 * - A statement-level trigger NOTIFYs the relay, so it is woken on commit (NOTIFY is transactional:
 *   a rolled-back write wakes nobody) and no caller can forget to.
 *
 * Row-level security: rows are written inside tenant transactions (`withTenant()` switches to the
 * app role, which the migration runner grants DML on every table of the schema), but they are
 * read and deleted only by the relay, across all workspaces, as the login user (the table owner).
 * So RLS is enabled WITHOUT `FORCE` and with a single INSERT policy: the app role may add rows and
 * can never see, change or delete any (not even its own workspace's pending events), while the
 * owner is not subject to policies and drains the table. The tenant_isolation policy would be wrong
 * here: the relay runs outside any tenant and would see nothing.
 */
export async function createOutboxTable(queryRunner: MigrationQueryable, schema: string): Promise<void> {
  const names = outboxNames(schema);
  await queryRunner.query(`
    CREATE TABLE ${names.table} (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      subject text NOT NULL,
      ordering_key text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await queryRunner.query(`ALTER TABLE ${names.table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY outbox_enqueue ON ${names.table} FOR INSERT WITH CHECK (true)`);
  await queryRunner.query(`
    CREATE FUNCTION ${names.notifyFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${names.channel}', '');
      RETURN NULL;
    END $$`);
  await queryRunner.query(`
    CREATE TRIGGER outbox_notify AFTER INSERT ON ${names.table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${names.notifyFunction}()`);
}

/** The `down` counterpart of `createOutboxTable()`. Pending (unpublished) events are lost with it. */
export async function dropOutboxTable(queryRunner: MigrationQueryable, schema: string): Promise<void> {
  const names = outboxNames(schema);
  await queryRunner.query(`DROP TABLE IF EXISTS ${names.table}`);
  await queryRunner.query(`DROP FUNCTION IF EXISTS ${names.notifyFunction}()`);
}
