// A Jest reporter that appends each run's totals to FORECASTIN_TEST_RESULTS_DIR (one JSON file per
// run), so `npm test` can print one summary across every project Nx ran. Without the variable it
// does nothing, so a plain `npx jest -c ...` is unaffected.
const { mkdirSync, writeFileSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const path = require('node:path');

class JestResultsReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /**
   * @param {unknown} _testContexts
   * @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number,
   *   numTotalTests: number, numFailedTestSuites: number, numRuntimeErrorTestSuites: number }} results
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
    };
    writeFileSync(path.join(dir, `${process.pid}-${randomUUID()}.json`), `${JSON.stringify(record)}\n`);
  }
}

module.exports = JestResultsReporter;
