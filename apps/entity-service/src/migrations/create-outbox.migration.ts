import { createOutboxTable, dropOutboxTable } from '@forecastin/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `entity.outbox`: every entity write stores its event here in its own transaction; the relay publishes it. */
export class CreateOutbox1795333600000 implements MigrationInterface {
  readonly name = 'CreateOutbox1795333600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner, 'entity');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTable(queryRunner, 'entity');
  }
}
