import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aggregateResults, summaryLine } from './test-results';

interface ReporterInstance {
  onRunComplete(contexts: unknown, results: Record<string, unknown>): void;
}
type ReporterClass = new (globalConfig: { rootDir: string }) => ReporterInstance;

const Reporter = createRequire(__filename)('../jest-results-reporter.cjs') as ReporterClass;
const root = '/work/forecastin';

function jestResults(passed: number, failed: number, pending: number, runtimeErrors = 0): Record<string, unknown> {
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: pending,
    numTodoTests: 0,
    numTotalTests: passed + failed + pending,
    numFailedTestSuites: failed > 0 || runtimeErrors > 0 ? 1 : 0,
    numRuntimeErrorTestSuites: runtimeErrors,
    success: false, // Jest settles this only after reporters ran
  };
}

describe('Jest results reporter + aggregation', () => {
  let dir: string;
  const previous = process.env['FORECASTIN_TEST_RESULTS_DIR'];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forecastin-results-'));
    process.env['FORECASTIN_TEST_RESULTS_DIR'] = dir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env['FORECASTIN_TEST_RESULTS_DIR'];
    else process.env['FORECASTIN_TEST_RESULTS_DIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one record per run and adds them up across projects', () => {
    new Reporter({ rootDir: `${root}/libs/contracts` }).onRunComplete([], jestResults(40, 0, 2));
    new Reporter({ rootDir: `${root}/apps/gateway` }).onRunComplete([], jestResults(10, 3, 0));
    new Reporter({ rootDir: `${root}/apps/entity-service` }).onRunComplete([], jestResults(5, 0, 1, 2));
    new Reporter({ rootDir: `${root}/apps/flag-service` }).onRunComplete([], jestResults(0, 0, 0));

    expect(readdirSync(dir)).toHaveLength(4);
    const totals = aggregateResults(dir, root);
    expect(totals).toEqual({
      runs: 4,
      passed: 55,
      failed: 5, // 3 failed tests + 2 suites that could not run
      skipped: 3,
      failingProjects: ['apps/entity-service', 'apps/gateway'],
      emptyProjects: ['apps/flag-service'],
    });
    expect(summaryLine(totals)).toBe('tests: 55 passed, 5 failed, 3 skipped');
  });

  it('does nothing when the results folder is not set', () => {
    delete process.env['FORECASTIN_TEST_RESULTS_DIR'];
    new Reporter({ rootDir: root }).onRunComplete([], jestResults(1, 0, 0));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects a record that is not what the reporter writes', () => {
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ project: 'x', passed: -1 }));
    expect(() => aggregateResults(dir, root)).toThrow();
  });

  it('prints a line the CI harness recognises (N passed, N failed, N skipped after one word and a colon)', () => {
    const line = summaryLine({ runs: 0, passed: 0, failed: 0, skipped: 0, failingProjects: [], emptyProjects: [] });
    expect(line).toMatch(/^\w+: \d+ passed, \d+ failed(, \d+ skipped)?$/);
    // The record format is plain JSON, one object per file.
    new Reporter({ rootDir: root }).onRunComplete([], jestResults(1, 0, 0));
    const [file] = readdirSync(dir);
    expect(JSON.parse(readFileSync(path.join(dir, String(file)), 'utf8'))).toMatchObject({ project: root, passed: 1 });
  });
});
