import { createOutboxTable, dropOutboxTable } from '@forecastin/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox (libs/messaging): flag events are written in the change's transaction and relayed to JetStream. */
export class CreateFlagOutbox1795400000001 implements MigrationInterface {
  readonly name = 'CreateFlagOutbox1795400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner, 'flag');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTable(queryRunner, 'flag');
  }
}
