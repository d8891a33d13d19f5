import type { MigrationInterface } from 'typeorm';

/**
 * Migrations are passed as classes, never globs, so the build graph sees them and a bundled or
 * renamed dist/ cannot silently miss one. TypeORM requires the class name (or a `name` property)
 * to end with a 13-digit JavaScript timestamp, e.g. `CreateEntities1767225600000`.
 */
export type MigrationClass = new () => MigrationInterface;
