import type { CpuPinning } from './cpu-pinning';
import type { Target } from './scenario.types';
import type { WrkResult } from './wrk-output.parser';
import type { LoadShape } from './wrk.runner';

export interface ServerSummary {
  readonly label: string;
  readonly rounds: readonly WrkResult[];
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssAfterLoadMb: number | null;
}

export interface StartupSummary {
  readonly readyMs: readonly number[];
  readonly readyMsMedian: number;
  readonly idleRssMb: readonly number[];
  readonly idleRssMbMedian: number | null;
}

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
  readonly pinning: CpuPinning;
}

export interface TargetVerdict extends Target {
  readonly measured: number | null;
  readonly pass: boolean;
}

export interface BenchResult {
  readonly scenario: string;
  readonly description: string;
  readonly startedAt: string;
  readonly path: string;
  readonly load: LoadShape;
  readonly warmupSeconds: number;
  readonly baseline: ServerSummary;
  readonly subject: ServerSummary;
  readonly throughputRatio: number;
  readonly startup: StartupSummary;
  readonly targets: readonly TargetVerdict[];
  readonly machine: MachineInfo;
}
