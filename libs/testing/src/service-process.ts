import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';
import { ProcessOutput, childEnv } from './process-output';

export interface StartServiceOptions {
  /** Path of the built entry point, e.g. `apps/entity-service/dist/main.js`. */
  readonly main: string;
  /** Added to (and, when undefined, removed from) the test's environment. `PORT` is set for you. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly args?: readonly string[];
  /** Default 20000 ms. */
  readonly readyTimeoutMs?: number;
  /** `ready` (default) waits for `/health/ready` 200; `live` for any HTTP answer (to test a degraded start). */
  readonly waitFor?: 'ready' | 'live';
  readonly cwd?: string;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  logs(): string[];
  jsonLogs(): Array<Record<string, unknown>>;
  signal(sig: NodeJS.Signals): void;
  /** Resolves with how the process ended; rejects if it is still running after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs` (default 10000). Safe to call twice. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test that throws before stop() must not leave a service running after Jest exits. */
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const proc of running) proc.kill('SIGKILL');
  });
}

export function exitOf(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function raceTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(url: string, waitFor: 'ready' | 'live'): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return waitFor === 'live' || response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Spawns a built service as a real process on a free port and waits until it reports ready.
 * On a readiness timeout or an early exit the process is killed and the error carries its output.
 */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [options.main, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: childEnv({ ...options.env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const output = new ProcessOutput();
  if (child.stdout) output.attach(child.stdout);
  if (child.stderr) output.attach(child.stderr);
  const exited = exitOf(child);

  const service: ServiceProcess = {
    port,
    baseUrl,
    child,
    logs: () => output.all(),
    jsonLogs: () => output.json(),
    signal: (sig) => {
      child.kill(sig);
    },
    waitForExit: (timeoutMs = 10_000) => raceTimeout(exited, timeoutMs, `${options.main} still running after ${timeoutMs} ms`),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      try {
        return await raceTimeout(exited, graceMs, 'no exit after SIGTERM');
      } catch {
        child.kill('SIGKILL');
        return exited;
      }
    },
  };

  const waitFor = options.waitFor ?? 'ready';
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + readyTimeoutMs;
  const probeUrl = `${baseUrl}/health/${waitFor === 'ready' ? 'ready' : 'live'}`;
  let early: ExitStatus | undefined;
  void exited.then((status) => {
    early = status;
  });
  while (Date.now() < deadline) {
    if (early) {
      throw new Error(`${options.main} exited (code ${String(early.code)}, signal ${String(early.signal)}) before it was ${waitFor}:\n${output.all().join('\n')}`);
    }
    if (await probe(probeUrl, waitFor)) return service;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(`${options.main} was not ${waitFor} within ${readyTimeoutMs} ms:\n${output.all().join('\n')}`);
}
