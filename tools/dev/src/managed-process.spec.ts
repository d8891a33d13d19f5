import { describeExit, ManagedProcess } from './managed-process';

function nodeProcess(script: string, lines: string[] = []): ManagedProcess {
  return new ManagedProcess({
    name: 'probe',
    command: process.execPath,
    args: ['-e', script],
    cwd: __dirname,
    env: process.env,
    onLine: (line) => lines.push(line),
    keepLines: 2,
  });
}

const untilPrinted = async (lines: string[], text: string): Promise<void> => {
  while (!lines.includes(text)) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('ManagedProcess', () => {
  it('streams output lines and keeps only the last few', async () => {
    const lines: string[] = [];
    const child = nodeProcess("console.log('one'); console.error('two'); console.log('three'); process.exit(3)", lines);
    const status = await child.exited;
    expect(describeExit(status)).toBe('exit code 3');
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
    expect(child.lastLines()).toHaveLength(2);
    expect(child.hasExited).toBe(true);
  });

  it('stops a child that drains on SIGTERM and reports its own exit code', async () => {
    const lines: string[] = [];
    const child = nodeProcess("process.on('SIGTERM', () => { console.log('draining'); setTimeout(() => process.exit(0), 50); }); console.log('up'); setInterval(() => {}, 1000);", lines);
    await untilPrinted(lines, 'up');
    const outcome = await child.stop(5_000);
    expect(outcome).toEqual({ status: { code: 0, signal: null }, forced: false });
    expect(lines).toContain('draining');
  });

  it('kills a child that ignores SIGTERM once the bound passes', async () => {
    const lines: string[] = [];
    const child = nodeProcess("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);", lines);
    await untilPrinted(lines, 'up');
    const outcome = await child.stop(300);
    expect(outcome.forced).toBe(true);
    expect(describeExit(outcome.status)).toBe('killed by SIGKILL');
  });
});
