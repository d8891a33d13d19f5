import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenancy baseline every data service shares: the workspace of the current transaction, as set
 * by `withTenant()` (`set_config('app.workspace_id', ..., true)`). Row-level-security policies of
 * later tables compare `workspace_id` with it. NULL when unset, so a query outside `withTenant()`
 * matches no tenant rows instead of failing on a cast.
 */
export class BaselineTenancy1795323341051 implements MigrationInterface {
  readonly name = 'BaselineTenancy1795323341051';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "hierarchy".current_workspace_id() RETURNS uuid
        LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS "hierarchy".current_workspace_id()`);
  }
}
