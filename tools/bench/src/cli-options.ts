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
  /** hierarchy: stop after the projection phase (no moves, no wrk). */
  readonly projectionOnly: boolean;
  /** hierarchy: run the service under `--cpu-prof` (profile in its log folder). */
  readonly cpuProf: boolean;
}

export const USAGE = `usage: npm run bench -- <scenario> [--connections N] [--duration SECONDS] [--threads N]
                       [--rounds N] [--warmup SECONDS] [--starts N] [--build]
                       hierarchy only: [--projection-only] [--cpu-prof]`;

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
      'projection-only': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
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
    projectionOnly: values['projection-only'] ?? false,
    cpuProf: values['cpu-prof'] ?? false,
  };
}
