import { spawn } from 'node:child_process';
import { ProcessOutput, childEnv } from './process-output';
import { exitOf, type ExitStatus } from './service-process';

export interface ServiceCommandResult extends ExitStatus {
  /** stdout and stderr lines, interleaved in arrival order. */
  readonly output: string[];
  readonly jsonLogs: Array<Record<string, unknown>>;
}

/**
 * Runs a service's one-shot command to completion, e.g. `runServiceCommand(main, ['migrate'], env)`.
 * Killed (SIGKILL) if it runs longer than `timeoutMs` (default 60000), which then shows as `signal`.
 */
export async function runServiceCommand(
  main: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  options: { readonly timeoutMs?: number; readonly cwd?: string } = {},
): Promise<ServiceCommandResult> {
  const child = spawn(process.execPath, [main, ...args], { cwd: options.cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new ProcessOutput();
  if (child.stdout) output.attach(child.stdout);
  if (child.stderr) output.attach(child.stderr);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    const status = await exitOf(child);
    // 'close' fires after the pipes are drained, so the last lines are not lost.
    await closed;
    return { ...status, output: output.all(), jsonLogs: output.json() };
  } finally {
    clearTimeout(timer);
  }
}
