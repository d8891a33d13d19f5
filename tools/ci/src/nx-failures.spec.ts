import { parseNxFailures } from './nx-failures';

const esc = String.fromCharCode(27);
// The closing summary of `nx run-many --outputStyle=stream` (nx 24), colours included.
const failingRun = [
  `${esc}[2mb:${esc}[22m e2e`,
  '',
  `${esc}[7m${esc}[1m${esc}[31m NX ${esc}[39m${esc}[22m${esc}[27m  ${esc}[31mRunning targets lint, test, e2e for 3 projects failed${esc}[39m`,
  '',
  `${esc}[2mTasks not run because their dependencies failed, --nx-bail=true, or their batch ended before reaching them:${esc}[22m`,
  '',
  `${esc}[2m-${esc}[22m gateway:e2e`,
  '',
  `${esc}[2mFailed tasks:${esc}[22m`,
  '',
  `${esc}[2m-${esc}[22m a:test`,
  `${esc}[2m-${esc}[22m contracts:lint`,
  '',
  'Hint: run the command with --verbose for more details.',
  '- not:a-task-after-the-summary',
].join('\n');

describe('parseNxFailures', () => {
  it('reads failed and not-run tasks from the closing summary', () => {
    expect(parseNxFailures(failingRun)).toEqual({ failed: ['a:test', 'contracts:lint'], notRun: ['gateway:e2e'] });
  });

  it('finds nothing in a successful run, even with task-like lines in the output', () => {
    const output = ['> nx run contracts:lint', '- item: in a test name', ' NX   Successfully ran targets lint for 1 project'].join('\n');
    expect(parseNxFailures(output)).toEqual({ failed: [], notRun: [] });
  });
});
