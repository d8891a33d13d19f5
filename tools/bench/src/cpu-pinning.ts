import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * On a small machine the load generator competes with what it measures. When `taskset` exists and
 * there are at least 2 CPUs, wrk gets the last CPU and the servers the others, the same for baseline
 * and subject, so the ratio compares like with like.
 */
export interface CpuPinning {
  readonly loadGenerator: string | null;
  readonly servers: string | null;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function planCpuPinning(): CpuPinning {
  const cpus = os.availableParallelism();
  if (cpus < 2 || !hasTaskset()) return { loadGenerator: null, servers: null };
  const last = cpus - 1;
  return { loadGenerator: String(last), servers: last === 1 ? '0' : `0-${last - 1}` };
}

/** Prefixes a command with `taskset -c <cpus>` when pinning is planned. */
export function pinned(cpus: string | null, command: string, args: readonly string[]): [string, string[]] {
  return cpus === null ? [command, [...args]] : ['taskset', ['-c', cpus, command, ...args]];
}
