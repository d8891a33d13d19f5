import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The machine a suite ran on, as every report prints it (load average says how noisy the run was). */
export interface BenchMachine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
}

export function benchMachine(loadAverageBefore: readonly number[]): BenchMachine {
  return { cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg() };
}

/** Writes `<outputDir>/<suite>-<startedAt>.{json,md}` and returns both paths. */
export function writeBenchFiles(outputDir: string, suite: string, startedAt: string, result: unknown, markdown: string): string[] {
  mkdirSync(outputDir, { recursive: true });
  const base = path.join(outputDir, `${suite}-${startedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
  writeFileSync(`${base}.md`, markdown);
  return [`${base}.json`, `${base}.md`];
}
