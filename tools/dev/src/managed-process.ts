import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from './line-splitter';
import { OutputRing } from './output-ring';

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ManagedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives every output line (stdout and stderr) as it arrives. */
  readonly onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly keepLines?: number;
}

export function describeExit(status: ExitStatus): string {
  return status.signal !== null ? `killed by ${status.signal}` : `exit code ${String(status.code)}`;
}

/**
 * A long-running child in its own process group: the terminal's Ctrl-C reaches only the runner,
 * which then sends each child exactly one SIGTERM (the chassis treats a second signal as
 * "exit now", which would skip the drain).
 */
export class ManagedProcess {
  readonly name: string;
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private readonly ring: OutputRing;
  private status: ExitStatus | undefined;

  constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.ring = new OutputRing(options.keepLines ?? 60);
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const splitter = new LineSplitter((line) => {
        this.ring.add(line);
        options.onLine(line, stream);
      });
      this.child[stream]?.on('data', (chunk: Buffer) => splitter.push(chunk));
      this.child[stream]?.on('end', () => splitter.flush());
    }
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.ring.add(`could not start ${options.command}: ${error.message}`);
        this.status = { code: null, signal: null };
        resolve(this.status);
      });
      this.child.on('close', (code, signal) => {
        this.status = { code, signal };
        resolve(this.status);
      });
    });
  }

  get hasExited(): boolean {
    return this.status !== undefined;
  }

  lastLines(): readonly string[] {
    return this.ring.snapshot();
  }

  /** SIGTERM, wait up to `timeoutMs`, then SIGKILL the group. Resolves with how it ended. */
  async stop(timeoutMs: number): Promise<{ status: ExitStatus; forced: boolean }> {
    if (this.status !== undefined) return { status: this.status, forced: false };
    this.signalGroup('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const first = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (first !== 'timeout') return { status: first, forced: false };
    this.signalGroup('SIGKILL');
    return { status: await this.exited, forced: true };
  }

  /** Last resort when the runner itself is going away: no waiting. */
  kill(): void {
    if (this.status === undefined) this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone: the close event reports how it ended.
    }
  }
}
