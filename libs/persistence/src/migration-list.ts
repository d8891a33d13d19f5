import type { MigrationClass } from './migration-class';

/** The names typeorm records for these migrations: the `name` property, else the class name. */
export function migrationNames(migrations: readonly MigrationClass[]): string[] {
  return migrations.map((migration) => new migration().name ?? migration.name);
}

/**
 * What is wrong with a service's migration list, if anything: typeorm orders and records
 * migrations by the 13-digit timestamp that must end each name, so a missing, duplicated or
 * out-of-order stamp would apply migrations in the wrong order or skip one.
 */
export function migrationListProblems(migrations: readonly MigrationClass[]): string[] {
  const problems: string[] = [];
  let previous = -1;
  const seen = new Set<number>();
  for (const name of migrationNames(migrations)) {
    const stamp = /(\d{13})$/.exec(name)?.[1];
    if (stamp === undefined) {
      problems.push(`${name}: the name must end with a 13-digit timestamp`);
      continue;
    }
    const value = Number(stamp);
    if (seen.has(value)) problems.push(`${name}: timestamp ${stamp} is used twice`);
    else if (value < previous) problems.push(`${name}: listed after a newer migration; keep the list oldest first`);
    seen.add(value);
    previous = Math.max(previous, value);
  }
  return problems;
}
