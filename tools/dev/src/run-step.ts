import { spawn } from 'node:child_process';

/** Runs a one-shot command with inherited output (build, migrate) and resolves with its exit code. */
export function runStep(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<number> {
  return new Promise((resolve) => {
    if (options.signal?.aborted === true) {
      resolve(130);
      return;
    }
    // An abort (Ctrl-C while building) sends SIGTERM to the step instead of leaving it running.
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: 'inherit', signal: options.signal, killSignal: 'SIGTERM' });
    child.on('error', (error: NodeJS.ErrnoException) => resolve(error.name === 'AbortError' ? 130 : 127));
    child.on('close', (code, signal) => resolve(code ?? (signal !== null ? 128 : 1)));
  });
}
