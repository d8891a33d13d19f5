import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinned } from './cpu-pinning';

/** How to start one server under test; it must listen on 127.0.0.1:`port`. */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  readonly spawnedAt: bigint;
  stop(): Promise<void>;
  /** Throws with the server's log tail if it has exited. */
  assertAlive(): void;
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the server with its output in a log file (a pipe would make this process, which shares the
 * CPUs, do work for every log line during the measurement).
 */
export function startServer(spec: ServerCommand, port: number, cpus: string | null, logFile: string): RunningServer {
  const log = openSync(logFile, 'w');
  const [command, args] = pinned(cpus, spec.command, spec.args);
  const spawnedAt = process.hrtime.bigint();
  const child: ChildProcess = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${spec.command}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    pid,
    port,
    logFile,
    spawnedAt,
    assertAlive() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server ${spec.command} ${spec.args.join(' ')} exited (${child.exitCode ?? child.signalCode}):\n${logTail(logFile)}`);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls until `url` answers 200; returns milliseconds since the server was spawned. */
export async function waitFor200(server: RunningServer, url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    server.assertAlive();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return Number(process.hrtime.bigint() - server.spawnedAt) / 1e6;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${logTail(server.logFile)}`);
}

/** Resident set size of a process in MB, from /proc (Linux only). */
export function residentMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
