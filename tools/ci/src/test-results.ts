import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One Jest run, as tools/ci/jest-results-reporter.cjs writes it. */
const runRecordSchema = z.object({
  project: z.string(),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  total: z.number().int().min(0),
  failedSuites: z.number().int().min(0),
  suitesWithErrors: z.number().int().min(0),
  success: z.boolean(),
  failures: z.array(z.object({ file: z.string(), name: z.string(), message: z.string() })).default([]),
});

/** One failed test: its file (relative to the workspace), its full name and the first lines of why. */
export interface FailedTest {
  readonly file: string;
  readonly name: string;
  readonly message: string;
}

export type RunRecord = z.infer<typeof runRecordSchema>;

export interface TestTotals {
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Projects whose Jest run had a failed test or a suite that could not run. */
  readonly failingProjects: readonly string[];
  /** Projects whose Jest run found no test at all. */
  readonly emptyProjects: readonly string[];
  readonly failures: readonly FailedTest[];
}

/** Adds up every run record in `dir`. A suite that could not run counts as one failed test. */
export function aggregateResults(dir: string, workspaceRoot: string): TestTotals {
  const records = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))));
  return {
    runs: records.length,
    passed: sum(records, (record) => record.passed),
    failed: sum(records, (record) => record.failed + record.suitesWithErrors),
    skipped: sum(records, (record) => record.skipped),
    failingProjects: projectsWhere(records, workspaceRoot, (record) => !record.success),
    emptyProjects: projectsWhere(records, workspaceRoot, (record) => record.total === 0 && record.success),
    failures: records.flatMap((record) => record.failures.map((failure) => ({ ...failure, file: path.relative(workspaceRoot, failure.file) }))),
  };
}

function projectsWhere(records: readonly RunRecord[], workspaceRoot: string, keep: (record: RunRecord) => boolean): string[] {
  return records
    .filter(keep)
    .map((record) => path.relative(workspaceRoot, record.project) || '.')
    .sort();
}

function sum(records: readonly RunRecord[], pick: (record: RunRecord) => number): number {
  return records.reduce((total, record) => total + pick(record), 0);
}

/** The one line CI reads: `tests: N passed, N failed, N skipped`. */
export function summaryLine(totals: TestTotals): string {
  return `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}

/** One line per failed test, for the end of the log (the only part CI keeps). */
export function failureLines(totals: TestTotals): string[] {
  return totals.failures.map((failure) => `  ✕ ${failure.file} › ${failure.name}: ${failure.message}`);
}
