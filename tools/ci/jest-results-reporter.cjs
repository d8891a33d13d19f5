// A Jest reporter that appends each run's totals to FORECASTIN_TEST_RESULTS_DIR (one JSON file per
// run), so `npm test` can print one summary across every project Nx ran. Without the variable it
// does nothing, so a plain `npx jest -c ...` is unaffected.
const { mkdirSync, writeFileSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const MESSAGE_LINES = 4;
const MESSAGE_CHARS = 400;

/**
 * @typedef {{ testFilePath: string, testExecError?: { message?: string } | null, failureMessage?: string | null,
 *   testResults: Array<{ status: string, fullName: string, failureMessages: string[] }> }} SuiteResult
 */

/** The first lines of a failure, without colour codes or the stack. */
function shortMessage(message) {
  const plain = stripVTControlCharacters(message);
  const lines = plain.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  return lines.slice(0, MESSAGE_LINES).join(' | ').slice(0, MESSAGE_CHARS);
}

/** Each failed test, and each suite that could not run, as `{file, name, message}`. */
function failuresOf(suites) {
  return suites.flatMap((suite) => {
    const file = suite.testFilePath;
    const failed = suite.testResults
      .filter((test) => test.status === 'failed')
      .map((test) => ({ file, name: test.fullName, message: shortMessage(test.failureMessages.join('\n')) }));
    if (failed.length > 0 || !suite.testExecError) return failed;
    // A hook that timed out leaves testExecError.message empty; failureMessage has Jest's full text.
    const why = suite.failureMessage || suite.testExecError.message || '';
    return [{ file, name: '(suite could not run)', message: shortMessage(why) }];
  });
}

class JestResultsReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /**
   * @param {unknown} _testContexts
   * @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number,
   *   numTotalTests: number, numFailedTestSuites: number, numRuntimeErrorTestSuites: number,
   *   testResults?: SuiteResult[] }} results
   */
  onRunComplete(_testContexts, results) {
    const dir = process.env.FORECASTIN_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const record = {
      project: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      total: results.numTotalTests,
      failedSuites: results.numFailedTestSuites,
      // Suites that could not run at all (syntax error, failing import) have no failed tests.
      suitesWithErrors: results.numRuntimeErrorTestSuites,
      // results.success is only settled after reporters run, so derive it from the counts.
      success: results.numFailedTests === 0 && results.numFailedTestSuites === 0 && results.numRuntimeErrorTestSuites === 0,
      // Named here because CI keeps only the log's tail, far from where Jest printed them.
      failures: failuresOf(results.testResults ?? []),
    };
    writeFileSync(path.join(dir, `${process.pid}-${randomUUID()}.json`), `${JSON.stringify(record)}\n`);
  }
}

module.exports = JestResultsReporter;
