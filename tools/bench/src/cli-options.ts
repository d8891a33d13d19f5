import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly scenario: string;
  readonly connections: number | undefined;
  readonly durationSeconds: number | undefined;
  readonly threads: number | undefined;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly starts: number;
  readonly forceBuild: boolean;
  /**
   * hierarchy: run only this phase's measurement (`projection`: stop after it, no moves, no wrk;
   * `l1`: no moves, the projection still fills the read model). hierarchy-1m: `l3`, no Zipf phase.
   */
  readonly only: 'projection' | 'l1' | 'l3' | undefined;
  /** hierarchy: write a V8 CPU profile of the service and break each wrk window down by function. */
  readonly cpuProf: boolean;
  /**
   * hierarchy: another worktree whose built hierarchy-service runs beside this one, its sides
   * alternated with these (A/B). hierarchy-1m: its L3 read script, rounds alternated with this one's.
   */
  readonly baseline: string | undefined;
}

export const USAGE = `usage: npm run bench -- <scenario> [--connections N] [--duration SECONDS] [--threads N]
                       [--rounds N] [--warmup SECONDS] [--starts N] [--build]
                       hierarchy only: [--only projection|l1] [--cpu-prof] [--baseline <worktree>]
                       hierarchy-1m only: [--only l3] [--baseline <worktree>]`;

function onlyPhase(value: string | undefined): CliOptions['only'] {
  if (value === undefined || value === 'projection' || value === 'l1' || value === 'l3') return value;
  throw new Error(`--only must be "projection", "l1" or "l3", got "${value}"`);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      connections: { type: 'string' },
      duration: { type: 'string' },
      threads: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      starts: { type: 'string' },
      build: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      baseline: { type: 'string' },
    },
  });
  const [scenario, ...extra] = positionals;
  if (scenario === undefined || extra.length > 0) throw new Error(USAGE);
  return {
    scenario,
    connections: positiveInt('connections', values.connections),
    durationSeconds: positiveInt('duration', values.duration),
    threads: positiveInt('threads', values.threads),
    rounds: positiveInt('rounds', values.rounds) ?? 3,
    warmupSeconds: positiveInt('warmup', values.warmup) ?? 2,
    starts: positiveInt('starts', values.starts) ?? 5,
    forceBuild: values.build ?? false,
    only: onlyPhase(values.only),
    cpuProf: values['cpu-prof'] ?? false,
    baseline: values.baseline,
  };
}
