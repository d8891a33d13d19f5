import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Expired idempotency keys are purged per workspace by the creates that use keys (see
 * IdempotencyRepository.purgeExpired), so the index they need leads with the workspace. The
 * global created_at index had no reader: the app role sees one workspace at a time under RLS.
 */
export class IdempotencyKeyExpiry1795333700000 implements MigrationInterface {
  readonly name = 'IdempotencyKeyExpiry1795333700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idempotency_keys_expiry_idx ON entity.idempotency_keys (workspace_id, created_at)`);
    await queryRunner.query(`DROP INDEX entity.idempotency_keys_created_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idempotency_keys_created_idx ON entity.idempotency_keys (created_at)`);
    await queryRunner.query(`DROP INDEX entity.idempotency_keys_expiry_idx`);
  }
}
