// The L3 (uncached) read latency half of `npm run bench -- hierarchy-1m` (tools/bench): run by the
// bench on a read model it filled, with the service's own ReadModelQueries on the service's own
// pools (PostgresDependency, and PreparedReadsPostgres for the indexed reads), so the figures are
// the SQL the service runs, the way it runs it, not a copy of it.
// Prints one JSON object on stdout. Input (env): DATABASE_URL, BENCH_WORKSPACE_ID, BENCH_ROOTS,
// BENCH_CHILDREN (per root), BENCH_LEAVES (per child), BENCH_SAMPLES; and the table
// hierarchy.bench_page_floor, one page of rows (DEFAULT_PAGE_LIMIT + 1) that the bench copied.
import { DEFAULT_PAGE_LIMIT } from '@forecastin/contracts';
import { PostgresDependency, preparedStatement, queryPreparedOnPool } from '@forecastin/persistence';
import { createLogger } from '@forecastin/observability';
import { z } from 'zod';
import { ancestorPaths } from '../../src/projection/ltree-paths';
import { ReadModelQueries } from '../../src/read-model/read-model.queries';
import { migrations } from '../../src/migrations';
import { PreparedReadsPostgres } from '../../src/read-model/prepared-reads.postgres';

const inputSchema = z.object({
  DATABASE_URL: z.string().url(),
  BENCH_WORKSPACE_ID: z.string().uuid(),
  BENCH_ROOTS: z.coerce.number().int().positive(),
  BENCH_CHILDREN: z.coerce.number().int().positive(),
  BENCH_LEAVES: z.coerce.number().int().positive(),
  BENCH_SAMPLES: z.coerce.number().int().positive().default(2000),
});

type ReadName = 'select1' | 'pageFloor' | 'nodeWithAncestors' | 'childrenPage' | 'descendantsFirstPage';

/**
 * The floor of any page: a page's rows, with the columns and the statement kind of the indexed
 * reads (named, rows as arrays), read whole from a table holding nothing else, so no index walk,
 * no filter, no sort. What a page costs above it is the read; up to it, returning the rows.
 */
const PAGE_FLOOR = preparedStatement(`SELECT id, path::text, name, entity_type, children_count, descendant_count FROM hierarchy.bench_page_floor`, { rowMode: 'array' });

function pick(count: number): number {
  return 1 + Math.floor(Math.random() * count);
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Times `read` once, in milliseconds, and fails the run when it found nothing (a wrong tree would measure empty scans). */
async function timed(read: () => Promise<readonly unknown[]>, expectedRows: number): Promise<number> {
  const started = performance.now();
  const rows = await read();
  const elapsed = performance.now() - started;
  if (rows.length !== expectedRows) throw new Error(`a read answered ${rows.length} rows, not ${expectedRows}: the tree is not what the bench filled`);
  return elapsed;
}

async function main(): Promise<void> {
  const input = inputSchema.parse(process.env);
  const workspace = input.BENCH_WORKSPACE_ID;
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const postgres = new PostgresDependency({ url: input.DATABASE_URL, schema: 'hierarchy', migrations, logger });
  const indexedReads = new PreparedReadsPostgres(
    { DATABASE_URL: input.DATABASE_URL, DB_READ_POOL_MAX: 10, DB_STATEMENT_TIMEOUT_MS: 5000, DB_CONNECT_TIMEOUT_MS: 3000 },
    { schema: 'hierarchy', logger, applicationName: 'hierarchy-l3-bench' },
  );
  await Promise.all([postgres.connect(), indexedReads.connect()]);
  try {
    const queries = new ReadModelQueries(postgres.dataSource, indexedReads.dataSource);
    const pageRows = DEFAULT_PAGE_LIMIT + 1; // what the service asks for: a page and one more row
    const reads: Record<ReadName, () => Promise<number>> = {
      // The round trip over the pool the reads below use.
      select1: () => timed(() => indexedReads.dataSource.query('SELECT 1'), 1),
      pageFloor: () => timed(async () => (await queryPreparedOnPool(indexedReads.dataSource, PAGE_FLOOR, [])).rows, pageRows),
      nodeWithAncestors: () => {
        const path = `r${pick(input.BENCH_ROOTS)}.c${pick(input.BENCH_CHILDREN)}.n${pick(input.BENCH_LEAVES)}`;
        return timed(() => queries.nodesByPaths(workspace, [...ancestorPaths(path), path]), 3);
      },
      childrenPage: async () => {
        const [parent] = await queries.nodesByPaths(workspace, [`r${pick(input.BENCH_ROOTS)}.c${pick(input.BENCH_CHILDREN)}`]);
        return timed(() => queries.children(workspace, { parentId: parent?.id ?? null, limit: DEFAULT_PAGE_LIMIT }), Math.min(pageRows, input.BENCH_LEAVES));
      },
      descendantsFirstPage: () => timed(() => queries.descendants(workspace, { rootPath: `r${pick(input.BENCH_ROOTS)}`, limit: DEFAULT_PAGE_LIMIT }), pageRows),
    };
    const names = Object.keys(reads) as ReadName[];
    const samples: Record<ReadName, number[]> = { select1: [], pageFloor: [], nodeWithAncestors: [], childrenPage: [], descendantsFirstPage: [] };
    // Warm the pool and the plans, then interleave the reads so each meets the same machine.
    for (let index = 0; index < 200; index++) for (const name of names) await reads[name]();
    for (let index = 0; index < input.BENCH_SAMPLES; index++) for (const name of names) samples[name].push(await reads[name]());

    const figures = Object.fromEntries(
      names.map((name) => {
        const sorted = [...samples[name]].sort((a, b) => a - b);
        return [name, { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) }];
      }),
    ) as Record<ReadName, { p50Ms: number; p99Ms: number }>;
    process.stdout.write(`${JSON.stringify({ samples: input.BENCH_SAMPLES, pageLimit: DEFAULT_PAGE_LIMIT, figures })}\n`);
  } finally {
    await Promise.all([postgres.close(), indexedReads.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`l3 bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
