import type { MigrationClass } from './migration-class';

/**
 * What is wrong with a service's migration list, if anything: typeorm orders and records
 * migrations by the 13-digit timestamp that must end each name, so a missing, duplicated or
 * out-of-order stamp would apply migrations in the wrong order or skip one.
 */
export function migrationListProblems(migrations: readonly MigrationClass[]): string[] {
  const problems: string[] = [];
  let previous = -1;
  const seen = new Set<number>();
  for (const migration of migrations) {
    const name = new migration().name ?? migration.name;
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
