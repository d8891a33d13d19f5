import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface SeedCliOptions {
  readonly workspaceId: string;
  readonly nodes: number;
  readonly seed: string;
  readonly databaseUrl: string;
  readonly chunkSize: number;
  /** Print the result as one JSON line on stdout (the benchmark reads it). */
  readonly json: boolean;
  readonly progress: boolean;
}

export const SEED_USAGE = `usage: npm run seed -- --workspace <uuid> [--nodes 100000] [--seed 1] [--database-url <url>] [--chunk 20000] [--json] [--no-progress]`;

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/forecastin';

const optionsSchema = z.object({
  workspaceId: z.uuid({ error: '--workspace must be a uuid' }),
  nodes: z.coerce.number({ error: '--nodes must be a number' }).int().min(1).max(50_000_000),
  seed: z.string().min(1).max(128),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { error: '--database-url must be a postgres:// URL' }),
  chunkSize: z.coerce.number({ error: '--chunk must be a number' }).int().min(1).max(1_000_000),
});

/** Parses `npm run seed -- ...` arguments; throws with the usage on anything unknown or invalid. */
export function parseSeedOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SeedCliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      workspace: { type: 'string' },
      nodes: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      chunk: { type: 'string', default: '20000' },
      json: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
    },
  });
  const parsed = optionsSchema.safeParse({
    workspaceId: values.workspace,
    nodes: values.nodes,
    seed: values.seed,
    databaseUrl: values['database-url'] ?? env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    chunkSize: values.chunk,
  });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((issue) => issue.message).join('; ')}\n${SEED_USAGE}`);
  return { ...parsed.data, json: values.json, progress: !values['no-progress'] };
}
