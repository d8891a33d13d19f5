import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT } from '@forecastin/contracts';
import { builtApp } from '../built-app';
import { benchMachine, writeBenchFiles } from '../bench-output';
import { median } from '../stats';
import { runZipfPhase } from './hierarchy-zipf';

const run = promisify(execFile);

export interface Hierarchy1mBenchOptions {
  readonly workspaceRoot: string;
  readonly outputDir: string;
  readonly adminDatabaseUrl: string;
  readonly natsUrl: string;
  readonly rounds: number;
  /** Operations (reads and writes) of the Zipf phase; 0 leaves the phase out (`--only l3`). */
  readonly zipfOperations: number;
  /** Another worktree whose L3 read script runs on the same database, rounds alternated with this one's (`--baseline`). */
  readonly baselineRoot?: string | undefined;
  /** Interleaved samples of each read per round. */
  readonly samples: number;
  readonly forceBuild: boolean;
}

/** 250 roots × 20 children × 199 leaves: 1,000,250 nodes, and every root's subtree is exactly 4,000 nodes. */
const TREE = { roots: 250, children: 20, leaves: 199 } as const;
const NODES = TREE.roots * (1 + TREE.children * (1 + TREE.leaves));
/** What the service asks for a page: the default limit and one more row. */
const PAGE_ROWS = DEFAULT_PAGE_LIMIT + 1;

const readFigures = z.object({ p50Ms: z.number(), p99Ms: z.number() });
const roundSchema = z.object({
  samples: z.number(),
  pageLimit: z.number(),
  // pageFloor is optional: a --baseline worktree's script may predate it.
  figures: z.object({ select1: readFigures, pageFloor: readFigures.optional(), nodeWithAncestors: readFigures, childrenPage: readFigures, descendantsFirstPage: readFigures }),
});
type Round = z.infer<typeof roundSchema>;
type ReadName = keyof Round['figures'];
const READS: readonly Exclude<ReadName, 'select1' | 'pageFloor'>[] = ['nodeWithAncestors', 'childrenPage', 'descendantsFirstPage'];

/**
 * The read model filled straight by SQL: the rows the projection would have written for this tree
 * (ids from the path, parents linked, counts maintained), in a fraction of the time a million
 * events through the seed tool and the projection take. L3 reads cost the same however the rows
 * got there; the projection has its own figures in the `hierarchy` suite.
 */
/** md5 of the text as a uuid with version 4 and variant bits, as the contracts' uuid requires (hierarchy-zipf.ts: filledNodeId). */
const ID_FUNCTION_SQL = `
  CREATE FUNCTION hierarchy_bench_id(source text) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(overlay(md5(source) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`;

const FILL_SQL = `
  INSERT INTO hierarchy.nodes (workspace_id, id, path, key, name, entity_type, parent_id, children_count, descendant_count, entity_version)
  SELECT $1::uuid, hierarchy_bench_id($1::text || '/' || path), path::ltree, key, name, entity_type,
         CASE WHEN parent IS NULL THEN NULL ELSE hierarchy_bench_id($1::text || '/' || parent) END, children_count, descendant_count, 1
    FROM (
      SELECT 'r' || r AS path, 'r' || r AS key, 'Region ' || r AS name, 'region' AS entity_type, NULL::text AS parent,
             $2::int AS children_count, $2::int * ($3::int + 1) AS descendant_count
        FROM generate_series(1, $4::int) r
      UNION ALL
      SELECT 'r' || r || '.c' || c, 'c' || c, 'Country ' || r || '-' || c, 'country', 'r' || r, $3::int, $3::int
        FROM generate_series(1, $4::int) r, generate_series(1, $2::int) c
      UNION ALL
      SELECT 'r' || r || '.c' || c || '.n' || n, 'n' || n, 'City ' || r || '-' || c || '-' || n, 'city', 'r' || r || '.c' || c, 0, 0
        FROM generate_series(1, $4::int) r, generate_series(1, $2::int) c, generate_series(1, $3::int) n
    ) AS tree`;

/**
 * Issue 5's 1M-node figures. L3: node-with-ancestors, a children page and the first page of a
 * 4,000-node subtree, uncached, each timed against a `SELECT 1` on the same pool in the same run
 * (apps/hierarchy-service/test/bench/l3-reads.bench.ts, the service's own queries; target p50 ≤ 3×).
 * Then Zipf(1.1) reads over 10,000 hot nodes with 1 % writes through the built service, with a
 * stale-read checker (hierarchy-zipf.ts; target hit rate ≥ 99 %, no stale read).
 */
export async function runHierarchy1mBench(options: Hierarchy1mBenchOptions) {
  const main = builtApp(options.workspaceRoot, 'hierarchy-service', options.forceBuild);
  const loadAverageBefore = os.loadavg();
  const startedAt = new Date().toISOString();
  const databaseName = `hierarchy_1m_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = new URL(options.adminDatabaseUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const db = new Client({ connectionString: databaseUrl.toString() });
  try {
    // The migrate command validates the service's whole config; these are throwaway values.
    const secret = randomBytes(24).toString('hex');
    const serviceEnv = { NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl.toString(), IDENTITY_SIGNING_KEY: secret, CURSOR_SIGNING_KEY: secret };
    execFileSync(process.execPath, [main, 'migrate'], { env: { ...process.env, ...serviceEnv }, stdio: 'ignore' });
    await db.connect();
    const workspace = randomUUID();
    const fillStarted = performance.now();
    await db.query(ID_FUNCTION_SQL);
    await db.query(FILL_SQL, [workspace, TREE.children, TREE.leaves, TREE.roots]);
    await db.query('VACUUM ANALYZE hierarchy.nodes');
    // One page of rows alone in a table: the L3 script reads it whole as the floor of any page.
    await db.query(
      `CREATE TABLE hierarchy.bench_page_floor AS
         SELECT id, path, name, entity_type, children_count, descendant_count FROM hierarchy.nodes
          WHERE workspace_id = $1 AND path <@ 'r1' ORDER BY path LIMIT $2`,
      [workspace, PAGE_ROWS],
    );
    await db.query('VACUUM ANALYZE hierarchy.bench_page_floor');
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const { rows } = await db.query<{ nodes: string }>('SELECT count(*) AS nodes FROM hierarchy.nodes WHERE workspace_id = $1', [workspace]);
    if (Number(rows[0]?.nodes) !== NODES) throw new Error(`filled ${rows[0]?.nodes ?? 0} nodes, not ${NODES}`);

    /** One round of the L3 read script of the worktree at `root` (this one, or the baseline). */
    const l3Round = async (root: string): Promise<Round> => {
      const { stdout } = await run(
        path.join(root, 'node_modules', '.bin', 'tsx'),
        ['--tsconfig', 'tsconfig.base.json', path.join('apps', 'hierarchy-service', 'test', 'bench', 'l3-reads.bench.ts')],
        {
          cwd: root,
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl.toString(),
            BENCH_WORKSPACE_ID: workspace,
            BENCH_ROOTS: String(TREE.roots),
            BENCH_CHILDREN: String(TREE.children),
            BENCH_LEAVES: String(TREE.leaves),
            BENCH_SAMPLES: String(options.samples),
          },
        },
      );
      return roundSchema.parse(JSON.parse(stdout));
    };
    const rounds: Round[] = [];
    const baselineRounds: Round[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // With a baseline, the two scripts take turns going first, so neither always meets a warmer machine.
      if (options.baselineRoot !== undefined && round % 2 === 0) baselineRounds.push(await l3Round(options.baselineRoot));
      rounds.push(await l3Round(options.workspaceRoot));
      if (options.baselineRoot !== undefined && round % 2 === 1) baselineRounds.push(await l3Round(options.baselineRoot));
    }
    const logDir = path.join(options.outputDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const zipfPhase = () =>
      runZipfPhase({
        workspaceRoot: options.workspaceRoot,
        main,
        databaseUrl: databaseUrl.toString(),
        natsUrl: options.natsUrl,
        logFile: path.join(logDir, `hierarchy-1m-${databaseName}.log`),
        workspace,
        tree: TREE,
        hotNodes: 10_000,
        exponent: 1.1,
        writeFraction: 0.01,
        operations: options.zipfOperations,
        concurrency: 16,
      });
    const zipf = options.zipfOperations === 0 ? undefined : await zipfPhase();
    const { select1: baseline, pageFloor, reads } = l3Figures(rounds);
    const result = {
      suite: 'hierarchy-1m',
      startedAt,
      machine: benchMachine(loadAverageBefore),
      tree: { ...TREE, nodes: NODES, subtreeNodes: TREE.children * (1 + TREE.leaves), fillSeconds },
      samplesPerRound: options.samples,
      pageLimit: rounds[0]?.pageLimit,
      select1: baseline,
      pageFloor,
      reads,
      rounds,
      ...(options.baselineRoot === undefined ? {} : { baselineBuild: { root: options.baselineRoot, ...l3Figures(baselineRounds), rounds: baselineRounds } }),
      zipf,
    };
    const markdown = renderMarkdown(result);
    return { markdown, files: writeBenchFiles(options.outputDir, 'hierarchy-1m', startedAt, result, markdown) };
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

type ReadFigures = { p50Ms: number; p99Ms: number; p50VsSelect1: number; p99VsSelect1: number };
interface L3Figures {
  readonly select1: { p50Ms: number; p99Ms: number };
  /** A page's rows read whole from a table of just them (absent when a round's script predates it). */
  readonly pageFloor: ReadFigures | undefined;
  readonly reads: Record<(typeof READS)[number], ReadFigures>;
}

/** Medians over rounds of each read's percentiles, and each as a ratio to the same rounds' `SELECT 1`. */
function l3Figures(rounds: readonly Round[]): L3Figures {
  const medianOf = (name: ReadName, figure: 'p50Ms' | 'p99Ms') => median(rounds.map((round) => round.figures[name]?.[figure] ?? Number.NaN));
  const select1 = { p50Ms: medianOf('select1', 'p50Ms'), p99Ms: medianOf('select1', 'p99Ms') };
  const figuresOf = (name: ReadName): ReadFigures => {
    const p50Ms = medianOf(name, 'p50Ms');
    const p99Ms = medianOf(name, 'p99Ms');
    return { p50Ms, p99Ms, p50VsSelect1: p50Ms / select1.p50Ms, p99VsSelect1: p99Ms / select1.p99Ms };
  };
  const reads = Object.fromEntries(READS.map((name) => [name, figuresOf(name)])) as L3Figures['reads'];
  const pageFloor = rounds.every((round) => round.figures.pageFloor !== undefined) ? figuresOf('pageFloor') : undefined;
  return { select1, pageFloor, reads };
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

const PAGE_FLOOR_LABEL = 'floor of a page: its 101 rows read whole from a table of just them (no index, no filter)';

const LABELS: Record<(typeof READS)[number], string> = {
  nodeWithAncestors: 'node with ancestors (a leaf: 3 paths, one btree probe each)',
  childrenPage: 'children page (a 199-child parent)',
  descendantsFirstPage: 'descendants, first page of a 4,000-node subtree',
};

function renderMarkdown(
  result: L3Figures & {
    machine: { loadAverageBefore: readonly number[]; loadAverageAfter: readonly number[] };
    tree: { nodes: number; fillSeconds: number };
    samplesPerRound: number;
    pageLimit: number | undefined;
    rounds: readonly unknown[];
    baselineBuild?: L3Figures & { root: string; rounds: readonly unknown[] };
    zipf: Awaited<ReturnType<typeof runZipfPhase>> | undefined;
  },
): string {
  const baseline = result.baselineBuild;
  return [
    '# hierarchy-service at 1M nodes',
    '',
    `${result.tree.nodes.toLocaleString('en')} nodes filled and analysed in ${result.tree.fillSeconds.toFixed(1)} s; ${result.rounds.length} rounds of ${result.samplesPerRound} interleaved samples of each read, pages of ${result.pageLimit ?? '?'}; medians of the rounds' percentiles; load average ${result.machine.loadAverageBefore.map((v) => v.toFixed(2)).join(' ')} → ${result.machine.loadAverageAfter.map((v) => v.toFixed(2)).join(' ')}.`,
    '',
    '| read | p50 | p99 | p50 vs SELECT 1 | p99 vs SELECT 1 | target |',
    '|---|---|---|---|---|---|',
    `| SELECT 1 (baseline, same pool) | ${ms(result.select1.p50Ms)} | ${ms(result.select1.p99Ms)} | 1× | 1× | — |`,
    ...(result.pageFloor === undefined ? [] : [`| ${PAGE_FLOOR_LABEL} | ${ms(result.pageFloor.p50Ms)} | ${ms(result.pageFloor.p99Ms)} | ${result.pageFloor.p50VsSelect1.toFixed(2)}× | ${result.pageFloor.p99VsSelect1.toFixed(2)}× | — |`]),
    ...READS.map((name) => {
      const read = result.reads[name];
      return `| ${LABELS[name]} | ${ms(read.p50Ms)} | ${ms(read.p99Ms)} | ${read.p50VsSelect1.toFixed(2)}× | ${read.p99VsSelect1.toFixed(2)}× | p50 ≤ 3× |`;
    }),
    '',
    ...(baseline === undefined ? [] : renderBaseline(result, baseline)),
    ...(result.zipf === undefined ? ['Zipf phase left out (`--only l3`).', ''] : renderZipf(result.zipf)),
  ].join('\n');
}

/** The baseline worktree's rounds (alternated with this build's on the same database) beside this build's. */
function renderBaseline(result: L3Figures, baseline: L3Figures & { root: string; rounds: readonly unknown[] }): string[] {
  return [
    `Baseline build \`${baseline.root}\`, ${baseline.rounds.length} rounds alternated with this build's:`,
    '',
    '| read | baseline p50 | baseline p50 vs its SELECT 1 | this build p50 | this build ÷ baseline (p50) |',
    '|---|---|---|---|---|',
    `| SELECT 1 | ${ms(baseline.select1.p50Ms)} | 1× | ${ms(result.select1.p50Ms)} | ${(result.select1.p50Ms / baseline.select1.p50Ms).toFixed(2)}× |`,
    ...READS.map((name) => {
      const before = baseline.reads[name];
      const after = result.reads[name];
      return `| ${LABELS[name]} | ${ms(before.p50Ms)} | ${before.p50VsSelect1.toFixed(2)}× | ${ms(after.p50Ms)} | ${(after.p50Ms / before.p50Ms).toFixed(2)}× |`;
    }),
    '',
  ];
}

function renderZipf(z: Awaited<ReturnType<typeof runZipfPhase>>): string[] {
  const percent = (value: number) => `${(value * 100).toFixed(2)} %`;
  return [
    `Zipf(${z.exponent}) over ${z.hotNodes.toLocaleString('en')} hot leaves, ${percent(z.writeFraction)} writes, ${z.concurrency} in flight, after one warm-up read of each: ${z.reads} reads and ${z.writes} writes at ${Math.round(z.operationsPerSecond)} operations/s.`,
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| hit rate (node groups not reaching L3) | ${percent(z.hitRate.overall)} (L1 ${percent(z.hitRate.l1)}, L2 ${percent(z.hitRate.l2OfL1Misses)} of L1 misses) | ≥ 99 % |`,
    `| stale reads (after a write was visible) | ${z.staleReads} | 0 |`,
    `| stale reads with the write's consistency token | ${z.staleTokenReads} (${z.tokenRetries} bounded waits asked again) | 0 |`,
    `| errors (status other than 200) | ${z.errors} | 0 |`,
    '',
  ];
}
