import type { MigrationInterface } from 'typeorm';
import { migrationListProblems } from './migration-list';

const migration = (name: string) => {
  const named = class implements MigrationInterface {
    name = name;
    async up(): Promise<void> {}
    async down(): Promise<void> {}
  };
  return named;
};

describe('migrationListProblems', () => {
  it('accepts a list ordered by unique timestamps', () => {
    expect(migrationListProblems([migration('First1700000000000'), migration('Second1700000000001')])).toEqual([]);
  });

  it.each([
    [[migration('NoStamp')], /must end with a 13-digit timestamp/],
    [[migration('A1700000000000'), migration('B1700000000000')], /used twice/],
    [[migration('B1700000000001'), migration('A1700000000000')], /oldest first/],
  ])('reports a broken list', (list, problem) => {
    expect(migrationListProblems(list)).toEqual([expect.stringMatching(problem)]);
  });
});
