import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aggregateResults, failureLines, summaryLine } from './test-results';

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
      failures: [],
    });
    expect(summaryLine(totals)).toBe('tests: 55 passed, 5 failed, 3 skipped');
  });

  it('names each failed test and each suite that could not run, with the first lines of why and no colour or stack', () => {
    const suites = [
      {
        testFilePath: `${root}/libs/messaging/src/a.int-spec.ts`,
        testExecError: null,
        testResults: [
          { status: 'passed', fullName: 'a passes', failureMessages: [] },
          {
            status: 'failed',
            fullName: 'a stores every event',
            failureMessages: ['\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 3\nReceived: 2\n    at Object.<anonymous> (a.int-spec.ts:10:5)'],
          },
        ],
      },
      { testFilePath: `${root}/apps/gateway/test/b.e2e-spec.ts`, testExecError: { message: 'Cannot find module x' }, testResults: [] },
      {
        testFilePath: `${root}/apps/gateway/test/c.e2e-spec.ts`,
        testExecError: { message: '' }, // what a timed-out afterAll leaves
        failureMessage: '  ● Test suite failed to run\n\n    thrown: "Exceeded timeout of 60000 ms for a hook.\n      at afterAll (test/c.e2e-spec.ts:24:3)',
        testResults: [],
      },
    ];
    new Reporter({ rootDir: `${root}/libs/messaging` }).onRunComplete([], { ...jestResults(1, 1, 0, 2), testResults: suites });

    const totals = aggregateResults(dir, root);
    expect(totals.failures).toEqual([
      { file: 'libs/messaging/src/a.int-spec.ts', name: 'a stores every event', message: 'Error: expect(received).toBe(expected) | Expected: 3 | Received: 2' },
      { file: 'apps/gateway/test/b.e2e-spec.ts', name: '(suite could not run)', message: 'Cannot find module x' },
      { file: 'apps/gateway/test/c.e2e-spec.ts', name: '(suite could not run)', message: '● Test suite failed to run | thrown: "Exceeded timeout of 60000 ms for a hook.' },
    ]);
    expect(failureLines(totals)[0]).toBe('  ✕ libs/messaging/src/a.int-spec.ts › a stores every event: Error: expect(received).toBe(expected) | Expected: 3 | Received: 2');
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
    const line = summaryLine({ runs: 0, passed: 0, failed: 0, skipped: 0, failingProjects: [], emptyProjects: [], failures: [] });
    expect(line).toMatch(/^\w+: \d+ passed, \d+ failed(, \d+ skipped)?$/);
    // The record format is plain JSON, one object per file.
    new Reporter({ rootDir: root }).onRunComplete([], jestResults(1, 0, 0));
    const [file] = readdirSync(dir);
    expect(JSON.parse(readFileSync(path.join(dir, String(file)), 'utf8'))).toMatchObject({ project: root, passed: 1 });
  });
});
