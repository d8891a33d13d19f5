import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { signIdentity } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import { createLogger } from '@forecastin/observability';
import { planCpuPinning } from '../cpu-pinning';
import { freePort } from '../free-port';
import { startServer, waitFor200, type RunningServer } from '../server-process';
import { median } from '../stats';
import { runWrk, type LoadShape } from '../wrk.runner';
import { hierarchyWorkload } from './hierarchy-workload';

export interface HierarchyBenchOptions {
  readonly workspaceRoot: string;
  readonly outputDir: string;
  /** Created nodes before the 4,000-node `mover` subtree. */
  readonly nodes: number;
  readonly load: LoadShape;
  readonly rounds: number;
  readonly moves: number;
  readonly natsUrl: string;
  readonly adminDatabaseUrl: string;
  readonly forceBuild: boolean;
  /** Stop after the projection phase (no moves, no wrk): the apply rate alone, in a third of the time. */
  readonly projectionOnly?: boolean;
  /** Run the service under `--cpu-prof`: a .cpuprofile in its log folder, written when it stops. */
  readonly cpuProf?: boolean;
}

const SECRET = randomBytes(24).toString('hex');

/**
 * hierarchy-service, built, against the real Postgres/Redis/NATS (a throwaway database, stream and
 * key prefix): projection apply rate from a backlog, a 4,000-node move's visibility after its event
 * is in the stream, and L1-hit reads over HTTP against the same process's /health/live and a bare
 * node:http server answering the same bytes, alternated in one run.
 */
export async function runHierarchyBench(options: HierarchyBenchOptions) {
  const main = path.join(options.workspaceRoot, 'apps', 'hierarchy-service', 'dist', 'main.js');
  if (options.forceBuild || !existsSync(main)) execFileSync('npx', ['nx', 'run', 'hierarchy-service:build'], { cwd: options.workspaceRoot, stdio: 'inherit' });
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench_h_${runId}`;
  const databaseName = `hierarchy_bench_${runId}`;
  const admin = new Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = new URL(options.adminDatabaseUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl.toString(),
    NATS_URL: options.natsUrl,
    NATS_SUBJECT_PREFIX: prefix,
    EVENTS_STREAM: `EVENTS_${prefix}`,
    REDIS_KEY_PREFIX: `${prefix}:`,
    IDENTITY_SIGNING_KEY: SECRET,
    CURSOR_SIGNING_KEY: SECRET,
    HOST: '127.0.0.1',
  };
  const logDir = path.join(options.outputDir, 'logs', `hierarchy-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const nats = new NatsDependency({ url: options.natsUrl, connectionName: 'hierarchy-bench', logger, subjectPrefix: prefix, eventsStream: env.EVENTS_STREAM });
  const pinning = planCpuPinning();
  const servers: RunningServer[] = [];
  const db = new Client({ connectionString: env.DATABASE_URL });
  try {
    execFileSync(process.execPath, [main, 'migrate'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    await db.connect();
    await nats.connect();
    const workspace = randomUUID();
    const workload = hierarchyWorkload(workspace, options.nodes);

    // 1. A backlog in the stream, then the service: apply rate from its first applied event to the last.
    const publishStarted = performance.now();
    let lastSequence = 0;
    for (let index = 0; index < workload.events.length; index += 256) {
      const sequences = await Promise.all(workload.events.slice(index, index + 256).map((event) => nats.publishEvent(event)));
      lastSequence = Math.max(lastSequence, ...sequences);
    }
    const publishSeconds = (performance.now() - publishStarted) / 1000;
    const port = await freePort();
    const args = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, main] : [main];
    const service = startServer({ command: process.execPath, args, env, cwd: options.workspaceRoot }, port, pinning.servers, path.join(logDir, 'hierarchy.log'));
    servers.push(service);
    await waitFor200(service, `http://127.0.0.1:${port}/health/ready`, 60_000);
    const position = async () => Number((await db.query<{ last_sequence: string }>('SELECT last_sequence FROM hierarchy.projection_state')).rows[0]?.last_sequence ?? 0);
    // CPU seconds of the service and of its Postgres backends over the apply (/proc, clock ticks):
    // against the wall time, how much of it each side was busy.
    const backends = async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((row) => row.pid);
    let firstApplied = 0;
    let firstAt = 0;
    let cpuAtFirst = { service: 0, backends: new Map<number, number>() };
    for (;;) {
      const current = await position();
      if (current > 0 && firstAt === 0) {
        [firstApplied, firstAt] = [current, performance.now()];
        cpuAtFirst = { service: cpuSeconds(service.pid), backends: new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)])) };
      }
      if (current >= lastSequence) break;
      service.assertAlive();
      await sleep(5);
    }
    const applySeconds = (performance.now() - firstAt) / 1000;
    const serviceCpu = cpuSeconds(service.pid) - cpuAtFirst.service;
    const backendCpu = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (cpuAtFirst.backends.get(pid) ?? 0), 0);
    const applied = workload.events.length - 1; // from the first applied event to the last
    const projection = {
      events: workload.events.length,
      publishPerSecond: workload.events.length / publishSeconds,
      applyPerSecond: applied / Math.max(applySeconds, 0.001),
      firstApplied,
      applySeconds,
      busy: { service: serviceCpu / applySeconds, postgresBackends: backendCpu / applySeconds },
      // CPU per applied event: steadier than the rate on a shared machine, where the rate follows the load.
      cpuMicrosecondsPerEvent: { service: (serviceCpu / applied) * 1e6, postgresBackends: (backendCpu / applied) * 1e6 },
      loadAverage: os.loadavg(),
    };
    if (options.projectionOnly) return writeReport(options.outputDir, { runId, machine: { cpus: os.availableParallelism(), loadAverage: os.loadavg() }, projection });

    // 2. A 4,000-node move: from its event in the stream to its deepest node readable at the new path.
    const identity = signIdentity({ sub: 'bench', workspace_id: workspace, roles: ['viewer'], request_id: 'req_bench', exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET);
    const headers = { 'x-forecastin-identity': identity };
    const base = `http://127.0.0.1:${port}/api/v1/hierarchy`;
    const moveMs: number[] = [];
    const goneMs: number[] = [];
    const answers = async (nodePath: string, status: number) => (await fetch(`${base}/nodes/${nodePath}`, { headers })).status === status;
    // The deepest node is cached at its old path before each move (the previous move's check left it
    // there), so 'gone' measures the invalidation: the old path stops answering only once L1 and L2
    // dropped it.
    let oldPath = workload.deepestPath;
    if (!(await answers(oldPath, 200))) throw new Error(`${oldPath} is not readable before the moves`);
    for (let index = 0; index < options.moves; index++) {
      const { event, deepestPath } = workload.move(workload.moveParent(index));
      await nats.publishEvent(event);
      const published = performance.now();
      while (!(await answers(deepestPath, 200))) await sleep(1);
      moveMs.push(performance.now() - published);
      while (!(await answers(oldPath, 404))) await sleep(1);
      goneMs.push(performance.now() - published);
      oldPath = deepestPath;
    }

    // 3. L1 hits over HTTP vs /health/live (same process) vs bare node:http with the same bytes.
    const nodeUrl = `${base}/nodes/${workload.samplePath}`;
    const captured = await fetch(nodeUrl, { headers });
    const body = await captured.text();
    const barePort = await freePort();
    const bare = startServer(
      {
        command: process.execPath,
        args: [path.join('tools', 'bench', 'bare-http.server.mjs')],
        env: { HOST: '127.0.0.1', BARE_RESPONSE: JSON.stringify({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body }) },
        cwd: options.workspaceRoot,
      },
      barePort,
      pinning.servers,
      path.join(logDir, 'bare.log'),
    );
    servers.push(bare);
    await waitFor200(bare, `http://127.0.0.1:${barePort}/`, 10_000);
    const sides = {
      l1Hit: { url: nodeUrl, headers },
      healthLive: { url: `http://127.0.0.1:${port}/health/live`, headers: {} },
      bare: { url: `http://127.0.0.1:${barePort}/`, headers: {} },
    };
    const rps: Record<keyof typeof sides, number[]> = { l1Hit: [], healthLive: [], bare: [] };
    const p99: Record<keyof typeof sides, number[]> = { l1Hit: [], healthLive: [], bare: [] };
    for (const side of Object.values(sides)) await runWrk(side.url, { ...options.load, durationSeconds: 2 }, pinning.loadGenerator, { headers: side.headers });
    for (let round = 0; round < options.rounds; round++) {
      for (const name of Object.keys(sides) as Array<keyof typeof sides>) {
        const result = await runWrk(sides[name].url, options.load, pinning.loadGenerator, { headers: sides[name].headers });
        rps[name].push(result.requestsPerSecond);
        p99[name].push(result.latencyMs.p99);
      }
    }
    const stats = (await (await fetch(`${base}/stats`, { headers })).json()) as { cache_hit_rates: Record<string, number> };
    const medians = { l1Hit: median(rps.l1Hit), healthLive: median(rps.healthLive), bare: median(rps.bare) };
    const result = {
      runId,
      machine: { cpus: os.availableParallelism(), loadAverage: os.loadavg() },
      projection,
      move4000: { samples: moveMs, medianMs: median(moveMs), maxMs: Math.max(...moveMs) },
      move4000OldPathGone: { samples: goneMs, medianMs: median(goneMs), maxMs: Math.max(...goneMs) },
      l1OverHttp: { requestsPerSecond: medians, p99Ms: { l1Hit: median(p99.l1Hit), healthLive: median(p99.healthLive), bare: median(p99.bare) }, vsHealthLive: medians.l1Hit / medians.healthLive, vsBare: medians.l1Hit / medians.bare },
      cacheHitRates: stats.cache_hit_rates,
    };
    return writeReport(options.outputDir, result);
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await nats.jetstreamManager().then((jsm) => jsm.streams.delete(env.EVENTS_STREAM)).catch(() => undefined);
    await nats.close();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

/** utime + stime of a process in seconds (0 once it is gone). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface HierarchyReport extends Record<string, unknown> {
  readonly projection: {
    events: number;
    publishPerSecond: number;
    applyPerSecond: number;
    busy: { service: number; postgresBackends: number };
    cpuMicrosecondsPerEvent: { service: number; postgresBackends: number };
    loadAverage: number[];
  };
  readonly move4000?: { medianMs: number; maxMs: number };
  readonly move4000OldPathGone?: { medianMs: number; maxMs: number };
  readonly l1OverHttp?: { requestsPerSecond: Record<string, number>; vsHealthLive: number; vsBare: number };
}

function writeReport(outputDir: string, result: HierarchyReport) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const files = [path.join(outputDir, `hierarchy-${stamp}.json`), path.join(outputDir, `hierarchy-${stamp}.md`)];
  const { projection, move4000, move4000OldPathGone, l1OverHttp } = result;
  const r = l1OverHttp?.requestsPerSecond ?? {};
  const markdown = [
    '# hierarchy-service benchmark',
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| projection apply (backlog of ${projection.events} events, batched) | ${Math.round(projection.applyPerSecond)} events/s (service busy ${percent(projection.busy.service)}, ${Math.round(projection.cpuMicrosecondsPerEvent.service)} µs CPU per event; its Postgres backends ${percent(projection.busy.postgresBackends)}, ${Math.round(projection.cpuMicrosecondsPerEvent.postgresBackends)} µs; load ${projection.loadAverage.map((load) => load.toFixed(2)).join(' ')}) | ≥ 5,000 events/s |`,
    `| publishing the backlog (bench side, 256 in flight) | ${Math.round(projection.publishPerSecond)} events/s | — |`,
    ...(move4000 ? [`| 4,000-node move visible at its new path after its event is in the stream | median ${move4000.medianMs.toFixed(1)} ms, max ${move4000.maxMs.toFixed(1)} ms | ≤ 200 ms |`] : []),
    ...(move4000OldPathGone
      ? [`| … and its old path answering 404 (cached there before: the invalidation) | median ${move4000OldPathGone.medianMs.toFixed(1)} ms, max ${move4000OldPathGone.maxMs.toFixed(1)} ms | — |`]
      : []),
    ...(l1OverHttp
      ? [`| L1 hit over HTTP (node + ancestors) | ${Math.round(r['l1Hit'] ?? 0)} req/s = ${l1OverHttp.vsHealthLive.toFixed(2)}× /health/live (${Math.round(r['healthLive'] ?? 0)}), ${l1OverHttp.vsBare.toFixed(2)}× bare node:http (${Math.round(r['bare'] ?? 0)}) | ≥ 0.9× /health/live |`]
      : []),
    '',
    '```json',
    JSON.stringify(result, null, 2),
    '```',
    '',
  ].join('\n');
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(files[0] as string, JSON.stringify(result, null, 2));
  writeFileSync(files[1] as string, markdown);
  return { markdown, files };
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
