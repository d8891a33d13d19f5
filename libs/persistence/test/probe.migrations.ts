import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from '../src/tenant-isolation.migration-helper';

/** A tenant-scoped table like the services' (workspace_id + ltree path), with row-level security. */
export class CreateNotes1767225600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        path ltree NOT NULL,
        body text NOT NULL
      )`);
    await enableTenantIsolation(queryRunner, 'notes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantIsolation(queryRunner, 'notes');
    await queryRunner.query('DROP TABLE notes');
  }
}

export class AddNoteTitle1767225700000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notes ADD COLUMN title text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notes DROP COLUMN title');
  }
}

export const probeMigrations = [CreateNotes1767225600000, AddNoteTitle1767225700000];
