import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { Client, Pool } from 'pg';
import { builtApp } from '../built-app';
import { freePort } from '../free-port';
import { startServer, waitFor200, type RunningServer } from '../server-process';
import { median } from '../stats';
import { renderEntityMarkdown } from './entity-report';
import {
  buildMoveFixture,
  createThroughService,
  createWithRawInsert,
  createWithServiceStatements,
  moveThroughService,
  moveWithRawUpdate,
  postJson,
  runConcurrently,
  SUBTREE_SIZE,
  type BenchTenant,
  type Parent,
} from './entity-workload';

export interface EntityBenchOptions {
  readonly workspaceRoot: string;
  /** Any database on the server: the bench creates its own beside it and drops it afterwards. */
  readonly adminDatabaseUrl: string;
  readonly natsUrl: string;
  readonly outputDir: string;
  readonly rounds: number;
  /** Concurrent clients on both sides of the create benchmark (and DB pool size of both). */
  readonly concurrency: number;
  /** Creates per round and side. */
  readonly createsPerRound: number;
  /** Moves per round and side. */
  readonly movesPerRound: number;
  /** Seed tool runs, one per size, each into a fresh workspace. */
  readonly seedSizes: readonly number[];
  readonly forceBuild: boolean;
}

export interface SeedRunResult {
  readonly nodes: number;
  readonly seconds: number;
  readonly entitiesPerSecond: number;
  /** Of `seconds`, the seed tool's own row and event generation (overlapped with the database's work). */
  readonly generationSeconds: number;
  /** The database's phases as the tool timed them (tools/seed `SeedPhases`). */
  readonly phases: { readonly copySeconds: number; readonly insertSeconds: number; readonly outboxSeconds: number; readonly commitSeconds: number; readonly waitingForRowsSeconds: number };
  /** os.loadavg() when the run started. */
  readonly loadAverage: readonly number[];
}

export interface EntityBenchResult {
  readonly startedAt: string;
  readonly concurrency: number;
  readonly createsPerRound: number;
  readonly movesPerRound: number;
  readonly rounds: number;
  readonly subtreeSize: number;
  /** creates/s per round, in the order they ran. `serviceStatements`: the service's statements for a create from plain pg. */
  readonly creates: { readonly service: readonly number[]; readonly rawInsert: readonly number[]; readonly serviceStatements: readonly number[] };
  /** milliseconds per move, every move. */
  readonly moves: { readonly service: readonly number[]; readonly rawUpdate: readonly number[] };
  readonly median: { readonly serviceCreates: number; readonly rawInserts: number; readonly serviceStatements: number; readonly serviceMoveMs: number; readonly rawMoveMs: number };
  /** service creates/s ÷ raw INSERTs/s (target ≥ 0.5). */
  readonly createRatio: number;
  /** the service's statements from plain pg ÷ raw INSERTs/s: the most the service could reach with free HTTP and code. */
  readonly statementsRatio: number;
  /** service move ms ÷ raw UPDATE ms (target ≤ 2). */
  readonly moveRatio: number;
  readonly seed: readonly SeedRunResult[];
  readonly machine: { readonly cores: number; readonly cpuModel: string; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[] };
}

const run = promisify(execFile);

/** The service's throwaway events stream (created by the service at start). */
async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 2000 });
  try {
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** `npm run seed` as a user runs it (a process of its own), reading the JSON line it prints. */
async function runSeedTool(options: EntityBenchOptions, databaseUrl: string, nodes: number): Promise<SeedRunResult> {
  const args = ['run', '-s', 'seed', '--', '--workspace', randomUUID(), '--nodes', String(nodes), '--seed', '1', '--database-url', databaseUrl, '--json', '--no-progress'];
  const loadAverage = os.loadavg();
  const { stdout } = await run('npm', args, { cwd: options.workspaceRoot, maxBuffer: 1024 * 1024 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(line) as Omit<SeedRunResult, 'loadAverage'>;
  const { copySeconds, insertSeconds, outboxSeconds, commitSeconds, waitingForRowsSeconds } = parsed.phases;
  return {
    nodes: parsed.nodes, seconds: parsed.seconds, entitiesPerSecond: parsed.entitiesPerSecond, generationSeconds: parsed.generationSeconds,
    phases: { copySeconds, insertSeconds, outboxSeconds, commitSeconds, waitingForRowsSeconds }, loadAverage,
  };
}

/**
 * entity-service (built, started as a process on a throwaway database and NATS stream) against
 * plain `pg` on the same table, in one run: concurrent creates (HTTP POST vs INSERT) and the move of
 * a 4,000-node subtree (POST .../move vs one UPDATE), rounds alternating the sides; then the seed
 * tool's entities/s with the service stopped.
 */
export async function runEntityBench(options: EntityBenchOptions): Promise<{ result: EntityBenchResult; markdown: string; files: string[] }> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = os.loadavg();
  const main = builtApp(options.workspaceRoot, 'entity-service', options.forceBuild);
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench_e_${runId}`;
  const databaseName = `entity_bench_${runId}`;
  const databaseUrl = new URL(options.adminDatabaseUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const signingKey = `entity-bench-identity-key-${randomBytes(16).toString('hex')}`;
  const env = {
    NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATABASE_URL: databaseUrl.toString(), NATS_URL: options.natsUrl,
    NATS_SUBJECT_PREFIX: prefix, EVENTS_STREAM: `EVENTS_${prefix}`, IDENTITY_SIGNING_KEY: signingKey, DB_POOL_MAX: String(options.concurrency),
    CURSOR_SIGNING_KEY: `entity-bench-cursor-key-${randomBytes(16).toString('hex')}`,
  };
  const logDir = path.join(options.outputDir, 'logs', `entity-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const admin = new Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  let service: RunningServer | undefined;
  let pool: Pool | undefined;
  let pipelinedPool: Pool | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    execFileSync(process.execPath, [main, 'migrate'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const port = await freePort();
    service = startServer({ command: process.execPath, args: [main], env, cwd: options.workspaceRoot }, port, null, path.join(logDir, 'entity-service.log'));
    await waitFor200(service, `http://127.0.0.1:${port}/health/ready`, 60_000);
    pool = new Pool({ connectionString: env.DATABASE_URL, max: options.concurrency });
    // pool.end() resolves before its sockets are closed, so the DROP DATABASE … WITH (FORCE) below can
    // terminate a client that is still closing; unhandled, that FATAL crashed the bench after its results were written.
    pool.on('error', () => undefined);
    // pg's pipeline mode, as entity-service's pool (`pipeline` is missing from @types/pg's PoolConfig).
    pipelinedPool = new Pool({ connectionString: env.DATABASE_URL, max: options.concurrency, ...{ pipeline: true } });
    pipelinedPool.on('error', () => undefined);
    const tenant: BenchTenant = { workspaceId: randomUUID(), baseUrl: `http://127.0.0.1:${port}`, signingKey };

    // Parents for the creates, through the API (untimed).
    const root = await postJson<Parent>(tenant, '/api/v1/entities', { name: 'Bench', key: 'bench', entity_type: 'region' }, 201);
    const parents: Parent[] = [];
    for (let i = 0; i < 16; i += 1) parents.push(await postJson<Parent>(tenant, '/api/v1/entities', { name: `Parent ${i}`, entity_type: 'country', parent_id: root.id }, 201));

    const creates = { service: [] as number[], rawInsert: [] as number[], serviceStatements: [] as number[] };
    const tasks = {
      rawInsert: (label: string) => createWithRawInsert(pool as Pool, tenant.workspaceId, parents, label),
      serviceStatements: (label: string) => createWithServiceStatements(pipelinedPool as Pool, tenant.workspaceId, parents, label),
      service: (label: string) => createThroughService(tenant, parents, label, agent),
    };
    const createRound = async (side: keyof typeof tasks, label: string): Promise<number> =>
      options.createsPerRound / (await runConcurrently(options.createsPerRound, options.concurrency, tasks[side](label)));
    await createRound('rawInsert', 'warm_r');
    await createRound('serviceStatements', 'warm_q');
    await createRound('service', 'warm_s');
    for (let round = 0; round < options.rounds; round += 1) {
      creates.rawInsert.push(await createRound('rawInsert', `r${round}`));
      creates.serviceStatements.push(await createRound('serviceStatements', `q${round}`));
      creates.service.push(await createRound('service', `s${round}`));
    }

    // The subtree flips between mv_a and mv_b; the sides take turns, so each move is the same size.
    const fixture = await buildMoveFixture(pool, tenant.workspaceId);
    const moves = { service: [] as number[], rawUpdate: [] as number[] };
    let at: Parent = fixture.a;
    const flip = async (side: 'service' | 'rawUpdate'): Promise<number> => {
      const to = at === fixture.a ? fixture.b : fixture.a;
      const seconds = side === 'service' ? await moveThroughService(tenant, fixture.subtreeRoot, to) : await moveWithRawUpdate(pool as Pool, tenant.workspaceId, fixture.subtreeRoot, at, to);
      at = to;
      return seconds * 1000;
    };
    await flip('rawUpdate');
    await flip('service');
    for (let i = 0; i < options.rounds * options.movesPerRound; i += 1) {
      moves.rawUpdate.push(await flip('rawUpdate'));
      moves.service.push(await flip('service'));
    }
    await service.stop();
    service = undefined;

    const seed: SeedRunResult[] = [];
    for (const nodes of options.seedSizes) seed.push(await runSeedTool(options, env.DATABASE_URL, nodes));

    const medians = {
      serviceCreates: median(creates.service),
      rawInserts: median(creates.rawInsert),
      serviceStatements: median(creates.serviceStatements),
      serviceMoveMs: median(moves.service),
      rawMoveMs: median(moves.rawUpdate),
    };
    const result: EntityBenchResult = {
      startedAt,
      concurrency: options.concurrency,
      createsPerRound: options.createsPerRound,
      movesPerRound: options.movesPerRound,
      rounds: options.rounds,
      subtreeSize: SUBTREE_SIZE,
      creates,
      moves,
      median: medians,
      createRatio: medians.serviceCreates / medians.rawInserts,
      statementsRatio: medians.serviceStatements / medians.rawInserts,
      moveRatio: medians.serviceMoveMs / medians.rawMoveMs,
      seed,
      machine: { cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg() },
    };
    const markdown = renderEntityMarkdown(result);
    mkdirSync(options.outputDir, { recursive: true });
    const base = path.join(options.outputDir, `entity-${startedAt.replace(/[:.]/g, '-')}`);
    writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
    writeFileSync(`${base}.md`, markdown);
    return { result, markdown, files: [`${base}.json`, `${base}.md`] };
  } finally {
    agent.destroy();
    await service?.stop();
    await pool?.end();
    await pipelinedPool?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await deleteStream(options.natsUrl, env.EVENTS_STREAM);
  }
}

/**
 * From the runner's flags: `--connections` = concurrent clients (default 16), `--rounds`, `--build`;
 * `ENTITY_BENCH_SEED_NODES` = comma-separated seed sizes (default 100000; e.g. `100000,1000000`).
 */
export function entityBenchOptions(
  cli: { readonly connections: number | undefined; readonly rounds: number; readonly forceBuild: boolean },
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
): EntityBenchOptions {
  const seedSizes = (env['ENTITY_BENCH_SEED_NODES'] ?? '100000').split(',').map((value) => Number(value.trim()));
  if (seedSizes.some((nodes) => !Number.isInteger(nodes) || nodes < 1)) throw new Error('ENTITY_BENCH_SEED_NODES must be positive integers, comma-separated');
  return {
    workspaceRoot,
    outputDir: path.join(workspaceRoot, 'bench-results'),
    adminDatabaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/forecastin',
    natsUrl: env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    rounds: cli.rounds,
    concurrency: cli.connections ?? 16,
    createsPerRound: 2000,
    movesPerRound: 2,
    seedSizes,
    forceBuild: cli.forceBuild,
  };
}
