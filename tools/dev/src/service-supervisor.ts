import path from 'node:path';
import type { AppManifest } from './app-manifest';
import { servicePrefix, type LineFormatter } from './log-formatter';
import { describeExit, ManagedProcess } from './managed-process';
import { waitForReady } from './readiness';

export interface SupervisorOptions {
  readonly apps: readonly AppManifest[];
  readonly env: NodeJS.ProcessEnv;
  readonly colour: boolean;
  readonly format: LineFormatter;
  readonly write: (text: string) => void;
}

/** Runs the built apps as child processes with prefixed output; waits for and stops them. */
export class ServiceSupervisor {
  private readonly processes: ManagedProcess[] = [];
  private readonly width: number;

  constructor(private readonly options: SupervisorOptions) {
    this.width = Math.max(...options.apps.map((app) => app.name.length), 5);
  }

  startAll(): void {
    this.options.apps.forEach((app, index) => {
      const prefix = servicePrefix(app.name, index, this.width, this.options.colour);
      this.processes.push(
        new ManagedProcess({
          name: app.name,
          command: process.execPath,
          args: [path.join(app.dir, 'dist', 'main.js')],
          cwd: app.dir,
          env: { ...this.options.env, PORT: String(app.port) },
          onLine: (line) => this.options.write(`${prefix}${this.options.format(line)}\n`),
        }),
      );
      this.options.write(`start: ${app.name} on :${app.port}\n`);
    });
  }

  /** Resolves true when every app answers 200 on /health/ready; otherwise reports the first failure. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(
      this.options.apps.map(async (app, index) => {
        const child = this.processes[index];
        if (child === undefined) return false;
        const result = await waitForReady(`http://127.0.0.1:${app.port}/health/ready`, {
          timeoutMs,
          gaveUp: () => child.hasExited,
        });
        if (result.ready) {
          this.options.write(`ready: ${app.name} on :${app.port} (${(result.afterMs / 1000).toFixed(1)} s)\n`);
          return true;
        }
        this.reportFailure(child, result.reason);
        return false;
      }),
    );
    return results.every(Boolean);
  }

  /** Resolves with the first app that exits while it should be running. */
  firstExit(): Promise<{ name: string; description: string }> {
    return Promise.race(
      this.processes.map(async (child) => ({ name: child.name, description: describeExit(await child.exited) })),
    );
  }

  /** One SIGTERM each, bounded wait, SIGKILL the stragglers; prints how each one ended. */
  async stopAll(timeoutMs: number): Promise<void> {
    const running = this.processes.filter((child) => !child.hasExited).length;
    this.options.write(`stop: stopping ${running} service(s) (up to ${Math.round(timeoutMs / 1000)} s)\n`);
    const outcomes = await Promise.all(this.processes.map(async (child) => ({ child, ...(await child.stop(timeoutMs)) })));
    for (const { child, status, forced } of outcomes) {
      this.options.write(`stop: ${child.name.padEnd(this.width)} ${describeExit(status)}${forced ? ' (did not stop in time: killed)' : ''}\n`);
    }
  }

  killAll(): void {
    for (const child of this.processes) child.kill();
  }

  private reportFailure(child: ManagedProcess, reason: string): void {
    const lines = child.lastLines();
    this.options.write(`\nFAILED: ${child.name} did not become ready: ${reason}\n`);
    this.options.write(`--- last ${lines.length} line(s) of ${child.name} ---\n${lines.join('\n')}\n--- end of ${child.name} ---\n\n`);
  }
}
