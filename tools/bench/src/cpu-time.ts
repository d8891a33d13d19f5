import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A window of wall-clock time, in microseconds of the monotonic clock (`process.hrtime`, V8's profile clock on Linux). */
export interface TimeWindow {
  readonly startUs: number;
  readonly endUs: number;
}

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * CPU time (user + system, every thread) a process has used so far, in microseconds, from
 * /proc/<pid>/stat; undefined where there is no /proc. Clock ticks are 10 ms on Linux, so read it
 * over windows of seconds.
 */
export function processCpuUs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return cpuUsOfStat(stat);
}

/** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in µs at 100 ticks per second. */
export function cpuUsOfStat(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc stat line: ${stat}`);
  return (utime + stime) * 10_000;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** The parts of a `.cpuprofile` (V8's `Profile`) read here. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface WindowProfile {
  /** Main-thread time in the window not spent idle (waiting in the event loop), µs. */
  readonly busyUs: number;
  /** Self time by function (`name file:line`), µs, largest first. */
  readonly selfUs: ReadonlyArray<readonly [string, number]>;
}

const IDLE = '(idle)';

/**
 * Busy main-thread time and self time per function of a CPU profile inside `window`. A sample
 * stands for the time until the next one (V8 records the delta before each sample).
 */
export function profileWindow(profile: CpuProfile, window: TimeWindow): WindowProfile {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let busyUs = 0;
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    at += profile.timeDeltas[index] ?? 0;
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (at < window.startUs || at >= window.endUs) continue;
    const frame = frames.get(profile.samples[index] ?? -1);
    if (!frame || frame.functionName === IDLE) continue;
    busyUs += duration;
    const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + duration);
  }
  return { busyUs, selfUs: [...self].sort((a, b) => b[1] - a[1]) };
}

export async function readCpuProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}
