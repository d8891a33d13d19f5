import { outboxNames } from '@forecastin/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const names = outboxNames('entity');

/**
 * The outbox's NOTIFY trigger made every write transaction NOTIFY at commit, and Postgres
 * serialises such commits on one cluster-wide lock held through the commit's WAL flush: measured
 * with pgbench (16 clients, same INSERT), 280 commits/s with a NOTIFY against 2,900–5,300 without,
 * and 1,650 when the NOTIFY is sent after the commit in its own statement. So entity-service wakes
 * the relay after commit instead (EntityOutbox.transaction). The rows are still written in the
 * write's transaction; a wake-up lost to a crash only delays publishing to the relay's 1 s poll.
 */
export class OutboxNotifyAfterCommit1795333800000 implements MigrationInterface {
  readonly name = 'OutboxNotifyAfterCommit1795333800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_notify ON ${names.table}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON ${names.table} FOR EACH STATEMENT EXECUTE FUNCTION ${names.notifyFunction}()`);
  }
}
