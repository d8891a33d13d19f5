import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A finer histogram of `path` (1,000 buckets instead of 100). ltree's range operators can only be
 * estimated from the histogram's buckets: with 100, a 4,000-node subtree of a million-node table
 * fell inside one bucket, was estimated at one row, and the planner scanned the GiST index and
 * sorted the whole subtree for a page of 100 (2.4 ms at the p50) instead of walking the btree
 * (workspace_id, path) in order and stopping after the page (0.15 ms). Measured with
 * `npm run bench -- hierarchy-1m`.
 */
export class PathStatistics1795500000000 implements MigrationInterface {
  readonly name = 'PathStatistics1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hierarchy".nodes ALTER COLUMN path SET STATISTICS 1000`);
    await queryRunner.query(`ANALYZE "hierarchy".nodes`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hierarchy".nodes ALTER COLUMN path SET STATISTICS -1`);
  }
}
