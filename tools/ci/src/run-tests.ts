// `npm test` after install and stack:up (tools/ci/test.sh): every Nx target that can fail, then
// one summary of all Jest runs. Exit 1 when any target failed, any test failed, or no test ran.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseNxFailures } from './nx-failures';
import { OutputTail } from './output-tail';
import { aggregateResults, failureLines, summaryLine } from './test-results';

const root = path.resolve(__dirname, '..', '..', '..');
const TARGETS = ['lint', 'typecheck', 'build', 'test', 'e2e'];

function runNx(args: readonly string[], env: NodeJS.ProcessEnv, tail: OutputTail): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'nx'), [...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      tail.add(chunk);
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      tail.add(chunk);
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      process.stderr.write(`test: could not run nx: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'forecastin-test-results-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FORECASTIN_TEST_RESULTS_DIR: resultsDir,
    NX_TUI: 'false',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    ...(process.stdout.isTTY === true ? { FORCE_COLOR: '1' } : {}),
  };
  // Extra arguments narrow the run, e.g. `npm test -- --projects=contracts`.
  const args = ['run-many', '-t', ...TARGETS, '--skip-nx-cache', '--outputStyle=stream', ...process.argv.slice(2)];
  process.stdout.write(`test: nx ${args.join(' ')}\n`);
  const tail = new OutputTail(256 * 1024);
  const nxCode = await runNx(args, env, tail);

  const totals = aggregateResults(resultsDir, root);
  rmSync(resultsDir, { recursive: true, force: true });
  const failures = parseNxFailures(tail.toString());
  const problems: string[] = [];

  const lines = ['', `test: finished in ${Math.round((Date.now() - started) / 1000)} s`];
  if (failures.failed.length > 0) {
    lines.push(`Nx targets failed (${failures.failed.length}): ${failures.failed.join(', ')}`);
    problems.push('targets failed');
  }
  if (failures.notRun.length > 0) lines.push(`Nx targets not run (${failures.notRun.length}): ${failures.notRun.join(', ')}`);
  if (nxCode !== 0 && failures.failed.length === 0) {
    lines.push(`Nx exited with code ${nxCode} (see the output above)`);
    problems.push('nx failed');
  }
  if (nxCode === 0 && failures.failed.length === 0) lines.push(`Nx targets: all of ${TARGETS.join(', ')} succeeded`);
  if (totals.failingProjects.length > 0) lines.push(`Jest runs with failures: ${totals.failingProjects.join(', ')}`, ...failureLines(totals));
  if (totals.emptyProjects.length > 0) lines.push(`Jest runs that found no test: ${totals.emptyProjects.join(', ')}`);
  if (totals.failed > 0) problems.push('tests failed');
  if (totals.passed + totals.failed === 0) {
    lines.push('No test ran: that counts as a failure.');
    problems.push('no tests');
  }
  lines.push(problems.length === 0 ? 'test: OK' : `test: FAILED (${problems.join(', ')})`);
  lines.push(summaryLine(totals));
  process.stdout.write(`${lines.join('\n')}\n`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
