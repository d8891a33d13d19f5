import type { ServerCommand } from './server-process';
import type { LoadShape } from './wrk.runner';

/** Captured response the baseline replays, so both sides send the same bytes. */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ScenarioContext {
  readonly workspaceRoot: string;
  /** Unique per run: use it to isolate NATS prefixes, streams, key prefixes. */
  readonly runId: string;
  readonly forceBuild: boolean;
}

/** A target the scenario reports against (e.g. "ready ≤ 1500 ms"). */
export interface Target {
  readonly metric: 'throughputRatio' | 'readyMs' | 'idleRssMb';
  readonly label: string;
  readonly limit: number;
  readonly comparison: 'atLeast' | 'atMost';
}

/**
 * A scenario = subject + baseline + load shape. The runner starts both, alternates load rounds
 * between them in one run, and reports the subject relative to the baseline.
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The path wrk hammers on both servers. */
  readonly path: string;
  readonly defaultLoad: LoadShape;
  readonly targets: readonly Target[];
  /** Builds whatever the subject needs (e.g. `nx run <app>:build`). */
  prepare(context: ScenarioContext): Promise<void>;
  subject(context: ScenarioContext): ServerCommand & { readonly label: string; readonly readyPath: string };
  /** The baseline may copy the subject's response, so it receives it. */
  baseline(context: ScenarioContext, subjectResponse: CapturedResponse): ServerCommand & { readonly label: string };
  /** Removes anything the run left behind outside the processes (streams, keys). */
  cleanup(context: ScenarioContext): Promise<void>;
}
