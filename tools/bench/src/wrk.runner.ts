import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { pinned } from './cpu-pinning';
import { parseWrkOutput, type WrkResult } from './wrk-output.parser';

const execFileAsync = promisify(execFile);

export interface LoadShape {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly threads: number;
}

function wrkInstalled(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error: unknown) {
    // `wrk --version` exits 1 after printing its version; only a missing binary is ENOENT.
    return !(error instanceof Error && 'code' in error && error.code === 'ENOENT');
  }
}

/** Installs wrk with apt-get when missing and running as root; otherwise explains how. */
export function ensureWrk(): void {
  if (wrkInstalled()) return;
  if (process.getuid?.() !== 0) {
    throw new Error('wrk is not installed: run `sudo apt-get install -y wrk` (Debian/Ubuntu) and retry');
  }
  process.stdout.write('wrk is missing: installing it with apt-get...\n');
  try {
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  }
  if (!wrkInstalled()) throw new Error('apt-get finished but wrk is still not on PATH');
}

export interface WrkExtras {
  /** Request headers (e.g. `authorization`), one `-H` each. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A wrk Lua script file (`-s`), e.g. one pacing requests with `delay()`. */
  readonly script?: string;
  /** wrk's per-request timeout (`--timeout`, wrk's default 2 s): a request slower than this counts as an error. */
  readonly timeoutSeconds?: number;
}

export async function runWrk(url: string, load: LoadShape, cpus: string | null, extras: WrkExtras = {}): Promise<WrkResult> {
  const headerArgs = Object.entries(extras.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const [command, args] = pinned(cpus, 'wrk', [
    `-t${load.threads}`,
    `-c${load.connections}`,
    `-d${load.durationSeconds}s`,
    '--latency',
    ...headerArgs,
    ...(extras.script ? ['-s', extras.script] : []),
    ...(extras.timeoutSeconds ? ['--timeout', `${extras.timeoutSeconds}s`] : []),
    url,
  ]);
  const { stdout } = await execFileAsync(command, args, { timeout: (load.durationSeconds + 30) * 1000 });
  return parseWrkOutput(stdout);
}
