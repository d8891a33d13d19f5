import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Idempotency-Key` on POST /api/v1/flags (API.md "Concurrency"): the first answer per caller and
 * key, with a hash of the request body, so a retry gets the same answer and a different body under
 * the same key is refused. Rows older than a day are deleted by later creates.
 */
export class CreateIdempotencyKeys1795400000002 implements MigrationInterface {
  readonly name = 'CreateIdempotencyKeys1795400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "flag".idempotency_keys (
        caller text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_created_idx ON "flag".idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "flag".idempotency_keys`);
  }
}
