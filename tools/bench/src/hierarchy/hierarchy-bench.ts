import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { signIdentity } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import { createLogger } from '@forecastin/observability';
import { builtApp } from '../built-app';
import { planCpuPinning } from '../cpu-pinning';
import { monotonicUs, processCpuUs, profileWindow, readCpuProfile, type TimeWindow } from '../cpu-time';
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
  readonly projectionOnly: boolean;
  /** Write a V8 CPU profile of the service (and baseline) and break the L1 phase's wrk windows down by function. */
  readonly cpuProf: boolean;
  /** A worktree whose built hierarchy-service runs beside this one on the same read model, its L1 sides alternated with these. */
  readonly baselineRoot: string | undefined;
}

interface L1Side {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The process answering it, whose CPU time is read around each round. */
  readonly pid: number;
}

interface L1Round {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** CPU time (all threads) of the answering process during the round, µs; undefined without /proc. */
  readonly cpuUs: number | undefined;
  readonly window: TimeWindow;
}

/** Medians over rounds; CPU per request over all rounds together. */
function summariseSide(rounds: readonly L1Round[]) {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  const cpu = rounds.every((round) => round.cpuUs !== undefined) ? rounds.reduce((sum, round) => sum + (round.cpuUs ?? 0), 0) : undefined;
  return {
    requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    cpuUsPerRequest: cpu === undefined || requests === 0 ? undefined : cpu / requests,
  };
}

/** Busy main-thread µs per request and the top self-time functions per side, from each process's profile. */
async function profileSummaries(logDir: string, rounds: Readonly<Record<string, readonly L1Round[]>>, sidesOf: Readonly<Record<string, readonly string[]>>) {
  const summaries: Record<string, { busyUsPerRequest: number; topSelfUsPerRequest: Array<[string, number]> }> = {};
  for (const [processName, sideNames] of Object.entries(sidesOf)) {
    const file = path.join(logDir, `${processName}.cpuprofile`);
    if (!existsSync(file)) continue;
    const profile = await readCpuProfile(file);
    for (const side of sideNames) {
      const sideRounds = rounds[side] ?? [];
      const requests = sideRounds.reduce((sum, round) => sum + round.requests, 0);
      if (requests === 0) continue;
      const windows = sideRounds.map((round) => profileWindow(profile, round.window));
      const self = new Map<string, number>();
      for (const window of windows) for (const [name, us] of window.selfUs) self.set(name, (self.get(name) ?? 0) + us);
      summaries[side] = {
        busyUsPerRequest: windows.reduce((sum, window) => sum + window.busyUs, 0) / requests,
        topSelfUsPerRequest: [...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([name, us]) => [name, Math.round((us / requests) * 1000) / 1000]),
      };
    }
  }
  return summaries;
}


const SECRET = randomBytes(24).toString('hex');

/**
 * hierarchy-service, built, against the real Postgres/Redis/NATS (a throwaway database, stream and
 * key prefix): projection apply rate from a backlog, a 4,000-node move's visibility after its event
 * is in the stream, and L1-hit reads over HTTP against the same process's /health/live and a bare
 * node:http server answering the same bytes, alternated in one run.
 */
export async function runHierarchyBench(options: HierarchyBenchOptions) {
  const main = builtApp(options.workspaceRoot, 'hierarchy-service', options.forceBuild);
  const baselineMain = options.baselineRoot === undefined ? undefined : path.join(options.baselineRoot, 'apps', 'hierarchy-service', 'dist', 'main.js');
  if (baselineMain !== undefined && !existsSync(baselineMain)) throw new Error(`no built hierarchy-service in the baseline worktree: ${baselineMain}`);
  const loadAverageAtStart = os.loadavg();
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
  const profiling = (name: string): string[] => (options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
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
    const service = startServer({ command: process.execPath, args: [...profiling('service'), main], env, cwd: options.workspaceRoot }, port, pinning.servers, path.join(logDir, 'hierarchy.log'));
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
    if (options.projectionOnly) return writeReport(options.outputDir, { runId, machine: { cpus: os.availableParallelism(), loadAverage: os.loadavg(), loadAverageAtStart }, projection });

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
    const nodePath = `/api/v1/hierarchy/nodes/${workload.samplePath}`;
    const nodeUrl = `http://127.0.0.1:${port}${nodePath}`;
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
    const sides: Record<string, L1Side> = {
      l1Hit: { url: nodeUrl, headers, pid: service.pid },
      healthLive: { url: `http://127.0.0.1:${port}/health/live`, headers: {}, pid: service.pid },
      bare: { url: `http://127.0.0.1:${barePort}/`, headers: {}, pid: bare.pid },
    };
    if (baselineMain !== undefined) {
      // A/B: this build and the baseline's, each a fresh process on the same read model started the
      // same way, so neither carries the projection's heap (the service above, which applied the
      // backlog, stays idle); each L1 warmed by the same read, their answers byte-identical.
      const fresh = async (name: 'candidate' | 'baseline', entry: string): Promise<[L1Side, L1Side]> => {
        const freshPort = await freePort();
        const server = startServer({ command: process.execPath, args: [...profiling(name), entry], env, cwd: options.workspaceRoot }, freshPort, pinning.servers, path.join(logDir, `${name}.log`));
        servers.push(server);
        await waitFor200(server, `http://127.0.0.1:${freshPort}/health/ready`, 60_000);
        const url = `http://127.0.0.1:${freshPort}${nodePath}`;
        const answer = await (await fetch(url, { headers })).text();
        if (answer !== body) throw new Error(`the ${name} build answers other bytes:\n${answer}\nagainst\n${body}`);
        return [
          { url, headers, pid: server.pid },
          { url: `http://127.0.0.1:${freshPort}/health/live`, headers: {}, pid: server.pid },
        ];
      };
      [sides['l1Hit'], sides['healthLive']] = await fresh('candidate', main);
      [sides['baselineL1Hit'], sides['baselineHealthLive']] = await fresh('baseline', baselineMain);
    }
    const names = Object.keys(sides);
    const rounds: Record<string, L1Round[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (const side of Object.values(sides)) await runWrk(side.url, { ...options.load, durationSeconds: 2 }, pinning.loadGenerator, { headers: side.headers });
    for (let round = 0; round < options.rounds; round++) {
      for (const name of names) {
        const side = sides[name] as L1Side;
        const cpuBefore = processCpuUs(side.pid);
        const startUs = monotonicUs();
        const result = await runWrk(side.url, options.load, pinning.loadGenerator, { headers: side.headers });
        const window = { startUs, endUs: monotonicUs() };
        const cpuAfter = processCpuUs(side.pid);
        const cpuUs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
        rounds[name]?.push({ requestsPerSecond: result.requestsPerSecond, p99Ms: result.latencyMs.p99, requests: result.requests, cpuUs, window });
      }
    }
    const stats = (await (await fetch(`${base}/stats`, { headers })).json()) as { cache_hit_rates: Record<string, number> };
    const summary = Object.fromEntries(names.map((name) => [name, summariseSide(rounds[name] ?? [])]));
    const ratio = (subject: string, floor: string) => (summary[subject]?.requestsPerSecond ?? 0) / (summary[floor]?.requestsPerSecond ?? 1);
    // Stopped here so that --cpu-prof profiles are written (on exit) before they are read.
    await Promise.allSettled(servers.map((server) => server.stop()));
    const profiled: Record<string, string[]> = baselineMain === undefined ? { service: ['l1Hit', 'healthLive'] } : { candidate: ['l1Hit', 'healthLive'], baseline: ['baselineL1Hit', 'baselineHealthLive'] };
    const profiles = options.cpuProf ? await profileSummaries(logDir, rounds, profiled) : undefined;
    const result = {
      runId,
      machine: { cpus: os.availableParallelism(), loadAverage: os.loadavg(), loadAverageAtStart },
      projection,
      ...(moveMs.length === 0
        ? {}
        : {
            move4000: { samples: moveMs, medianMs: median(moveMs), maxMs: Math.max(...moveMs) },
            move4000OldPathGone: { samples: goneMs, medianMs: median(goneMs), maxMs: Math.max(...goneMs) },
          }),
      l1OverHttp: {
        sides: summary,
        rounds,
        vsHealthLive: ratio('l1Hit', 'healthLive'),
        vsBare: ratio('l1Hit', 'bare'),
        ...(baselineMain === undefined ? {} : { baseline: { main: baselineMain, vsHealthLive: ratio('baselineL1Hit', 'baselineHealthLive'), l1HitVsBaseline: ratio('l1Hit', 'baselineL1Hit') } }),
        profiles,
      },
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

/** CPU seconds a process has used (0 once it is gone). */
function cpuSeconds(pid: number): number {
  return (processCpuUs(pid) ?? 0) / 1e6;
}

type SideSummary = ReturnType<typeof summariseSide>;

interface HierarchyReport extends Record<string, unknown> {
  readonly machine: { readonly cpus: number; readonly loadAverage: readonly number[]; readonly loadAverageAtStart: readonly number[] };
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
  readonly l1OverHttp?: {
    readonly sides: Readonly<Record<string, SideSummary>>;
    readonly vsHealthLive: number;
    readonly vsBare: number;
    readonly baseline?: { readonly vsHealthLive: number; readonly l1HitVsBaseline: number };
    readonly profiles: Readonly<Record<string, { readonly busyUsPerRequest: number; readonly topSelfUsPerRequest: ReadonlyArray<readonly [string, number]> }>> | undefined;
  };
}

function writeReport(outputDir: string, result: HierarchyReport) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const files = [path.join(outputDir, `hierarchy-${stamp}.json`), path.join(outputDir, `hierarchy-${stamp}.md`)];
  const { projection, move4000, move4000OldPathGone, l1OverHttp } = result;
  const rps = (side: string) => Math.round(l1OverHttp?.sides[side]?.requestsPerSecond ?? 0);
  const cpu = (side: string) => {
    const perRequest = l1OverHttp?.sides[side]?.cpuUsPerRequest;
    const busy = l1OverHttp?.profiles?.[side]?.busyUsPerRequest;
    return `${perRequest === undefined ? '—' : perRequest.toFixed(1)} µs${busy === undefined ? '' : ` (main thread busy ${busy.toFixed(1)} µs)`}`;
  };
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
  const markdown = [
    '# hierarchy-service benchmark',
    '',
    `Load average at start ${load(result.machine.loadAverageAtStart)}, at the end ${load(result.machine.loadAverage)}.`,
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| projection apply (backlog of ${projection.events} events, batched) | ${Math.round(projection.applyPerSecond)} events/s (service busy ${percent(projection.busy.service)}, ${Math.round(projection.cpuMicrosecondsPerEvent.service)} µs CPU per event; its Postgres backends ${percent(projection.busy.postgresBackends)}, ${Math.round(projection.cpuMicrosecondsPerEvent.postgresBackends)} µs; load ${load(projection.loadAverage)}) | ≥ 5,000 events/s |`,
    `| publishing the backlog (bench side, 256 in flight) | ${Math.round(projection.publishPerSecond)} events/s | — |`,
    ...(move4000 ? [`| 4,000-node move visible at its new path after its event is in the stream | median ${move4000.medianMs.toFixed(1)} ms, max ${move4000.maxMs.toFixed(1)} ms | ≤ 200 ms |`] : []),
    ...(move4000OldPathGone
      ? [`| … and its old path answering 404 (cached there before: the invalidation) | median ${move4000OldPathGone.medianMs.toFixed(1)} ms, max ${move4000OldPathGone.maxMs.toFixed(1)} ms | — |`]
      : []),
    ...(l1OverHttp
      ? [
          `| L1 hit over HTTP (node + ancestors) | ${rps('l1Hit')} req/s = ${l1OverHttp.vsHealthLive.toFixed(2)}× /health/live (${rps('healthLive')}), ${l1OverHttp.vsBare.toFixed(2)}× bare node:http (${rps('bare')}) | ≥ 0.9× /health/live |`,
          ...(l1OverHttp.baseline === undefined
            ? []
            : [`| baseline build, same rounds (this build and it each a fresh process) | L1 hit ${rps('baselineL1Hit')} req/s = ${l1OverHttp.baseline.vsHealthLive.toFixed(2)}× its /health/live (${rps('baselineHealthLive')}); this build's L1 hit ${l1OverHttp.baseline.l1HitVsBaseline.toFixed(2)}× the baseline's | — |`]),
          '',
          '| side | CPU per request (process, all threads) |',
          '|---|---|',
          ...Object.keys(l1OverHttp.sides).map((side) => `| ${side} | ${cpu(side)} |`),
        ]
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
