import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signIdentity } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import { createLogger } from '@forecastin/observability';
import { builtApp } from '../built-app';
import { planCpuPinning } from '../cpu-pinning';
import { freePort } from '../free-port';
import { AUDIENCE, benchCredentials, ISSUER } from '../gateway/gateway-bench';
import { startServer, waitFor200, type RunningServer, type ServerCommand } from '../server-process';
import { median } from '../stats';
import type { WrkResult } from '../wrk-output.parser';
import { runWrk, type LoadShape } from '../wrk.runner';
import { BENCH_FLAG_KEY, ofrepBenchFlags, ofrepRequestScript } from './ofrep-workload';

export interface OfrepBenchOptions {
  readonly workspaceRoot: string;
  readonly outputDir: string;
  readonly load: LoadShape;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly natsUrl: string;
  readonly adminDatabaseUrl: string;
  readonly forceBuild: boolean;
}

/** Sides, alternated every round. `bareViaGateway` is the baseline: the same gateway path with an upstream that costs nothing. */
const SIDES = ['ofrepViaGateway', 'bareViaGateway', 'ofrepDirect', 'bulkViaGateway'] as const;
type Side = (typeof SIDES)[number];
const SECRET = randomBytes(24).toString('hex');

async function started(servers: RunningServer[], spec: ServerCommand, port: number, cpus: string | null, logFile: string): Promise<string> {
  const server = startServer(spec, port, cpus, logFile);
  servers.push(server);
  await waitFor200(server, `http://127.0.0.1:${port}/health/ready`, 60_000);
  return `http://127.0.0.1:${port}`;
}

/**
 * OFREP evaluation through the gateway (JWT, role, Redis rate limit, proxy, then flag-service's
 * in-memory evaluation of a rollout behind three constraints with variants, 1,000 users cycling),
 * against the same gateway path proxied to a bare node:http server answering the same bytes (the
 * baseline: the price of the edge alone), flag-service direct (the price of the service alone), and
 * bulk evaluation of all 50 flags through the gateway. Rounds alternate the sides in one run.
 */
export async function runOfrepBench(options: OfrepBenchOptions) {
  const root = options.workspaceRoot;
  const flagMain = builtApp(root, 'flag-service', options.forceBuild);
  const gatewayMain = builtApp(root, 'gateway', options.forceBuild);
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench_f_${runId}`;
  const databaseName = `flag_bench_${runId}`;
  const admin = new Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = new URL(options.adminDatabaseUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const serviceEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl.toString(),
    NATS_URL: options.natsUrl,
    NATS_SUBJECT_PREFIX: prefix,
    EVENTS_STREAM: `EVENTS_${prefix}`,
    IDENTITY_SIGNING_KEY: SECRET,
    CURSOR_SIGNING_KEY: SECRET,
    HOST: '127.0.0.1',
  };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-ofrep-'));
  const logDir = path.join(options.outputDir, 'logs', `ofrep-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const nats = new NatsDependency({ url: options.natsUrl, connectionName: 'ofrep-bench', logger: createLogger({ service: 'bench', level: 'warn' }), subjectPrefix: prefix, eventsStream: serviceEnv.EVENTS_STREAM });
  const pinning = planCpuPinning();
  const servers: RunningServer[] = [];
  const node = process.execPath;
  try {
    execFileSync(node, [flagMain, 'migrate'], { env: { ...process.env, ...serviceEnv }, stdio: 'ignore' });
    await nats.connect();
    const flagUrl = await started(servers, { command: node, args: [flagMain], env: serviceEnv, cwd: root }, await freePort(), pinning.servers, path.join(logDir, 'flag-service.log'));

    // The identity the gateway would forward, valid for the whole run.
    const identity = signIdentity({ sub: 'bench-user', workspace_id: randomUUID(), roles: ['admin'], request_id: 'req_bench', exp: Math.floor(Date.now() / 1000) + 7200 }, SECRET);
    const direct = { 'x-forecastin-identity': identity };
    for (const flag of ofrepBenchFlags()) {
      const response = await fetch(`${flagUrl}/api/v1/flags`, { method: 'POST', headers: { ...direct, 'content-type': 'application/json' }, body: JSON.stringify(flag) });
      if (response.status !== 201) throw new Error(`creating ${String(flag['key'])}: ${response.status} ${await response.text()}`);
    }

    const { keyFile, token } = await benchCredentials(scratch);
    const gatewayEnv = (upstream: string) => ({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      IDENTITY_SIGNING_KEY: SECRET,
      JWT_PUBLIC_KEY_FILES: keyFile,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      UPSTREAM_FLAG_URL: upstream,
      RATE_LIMIT_WINDOW_SECONDS: '1',
      RATE_LIMIT_READ_PER_WINDOW: '1000000',
      REDIS_KEY_PREFIX: `${prefix}:${randomBytes(2).toString('hex')}:`,
    });
    const gatewayUrl = await started(servers, { command: node, args: [gatewayMain], env: gatewayEnv(flagUrl), cwd: root }, await freePort(), pinning.servers, path.join(logDir, 'gateway.log'));

    // The baseline upstream answers exactly what flag-service answers for one request.
    const auth = { authorization: `Bearer ${token}` };
    const sample = await fetch(`${gatewayUrl}/ofrep/v1/evaluate/flags/${BENCH_FLAG_KEY}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"context":{"targetingKey":"user-1","plan":"pro","seats":12,"appVersion":"2.4.1"}}' });
    const sampleBody = await sample.text();
    if (sample.status !== 200) throw new Error(`OFREP through the gateway answered ${sample.status}: ${sampleBody}`);
    const barePort = await freePort();
    const bare = startServer({ command: node, args: [path.join(__dirname, '../../bare-http.server.mjs')], env: { BARE_RESPONSE: JSON.stringify({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: sampleBody }) }, cwd: root }, barePort, pinning.servers, path.join(logDir, 'bare.log'));
    servers.push(bare);
    await waitFor200(bare, `http://127.0.0.1:${barePort}/`, 30_000);
    const bareGatewayUrl = await started(servers, { command: node, args: [gatewayMain], env: gatewayEnv(`http://127.0.0.1:${barePort}`), cwd: root }, await freePort(), pinning.servers, path.join(logDir, 'gateway-bare.log'));

    const script = path.join(scratch, 'ofrep.lua');
    writeFileSync(script, ofrepRequestScript());
    const targets: Record<Side, { url: string; headers: Record<string, string> }> = {
      ofrepViaGateway: { url: `${gatewayUrl}/ofrep/v1/evaluate/flags/${BENCH_FLAG_KEY}`, headers: auth },
      bareViaGateway: { url: `${bareGatewayUrl}/ofrep/v1/evaluate/flags/${BENCH_FLAG_KEY}`, headers: auth },
      ofrepDirect: { url: `${flagUrl}/ofrep/v1/evaluate/flags/${BENCH_FLAG_KEY}`, headers: direct },
      bulkViaGateway: { url: `${gatewayUrl}/ofrep/v1/evaluate/flags`, headers: auth },
    };
    const errors: Record<Side, number> = { ofrepViaGateway: 0, bareViaGateway: 0, ofrepDirect: 0, bulkViaGateway: 0 };
    const wrk = (side: Side, load: LoadShape) => runWrk(targets[side].url, load, pinning.loadGenerator, { headers: targets[side].headers, script, timeoutSeconds: 10 });
    const run = async (side: Side, load: LoadShape): Promise<WrkResult> => {
      const result = await wrk(side, load);
      // On the shared 2-core machine a stalled Redis PING makes the gateway fail closed (503) for a
      // moment; a handful of those is recorded, more than 1 % means the run measured an outage.
      if (result.errors > result.requests * 0.01) throw new Error(`${side}: ${result.errors} errors/non-2xx of ${result.requests} under load`);
      errors[side] += result.errors;
      return result;
    };
    // Warm-up is not recorded: its errors (cold JIT, first connections) are not checked either.
    for (const side of SIDES) await wrk(side, { ...options.load, durationSeconds: options.warmupSeconds });
    const samples: Record<Side, WrkResult[]> = { ofrepViaGateway: [], bareViaGateway: [], ofrepDirect: [], bulkViaGateway: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of SIDES) samples[side].push(await run(side, options.load));
      process.stdout.write(`round ${round + 1}/${options.rounds}: ${SIDES.map((side) => `${side} ${Math.round(samples[side].at(-1)?.requestsPerSecond ?? 0)}/s`).join(', ')}\n`);
    }
    const summary = Object.fromEntries(
      SIDES.map((side) => [
        side,
        {
          rps: samples[side].map((s) => s.requestsPerSecond),
          rpsMedian: median(samples[side].map((s) => s.requestsPerSecond)),
          p50Median: median(samples[side].map((s) => s.latencyMs.p50)),
          p99Median: median(samples[side].map((s) => s.latencyMs.p99)),
        },
      ]),
    ) as Record<Side, { rps: number[]; rpsMedian: number; p50Median: number; p99Median: number }>;
    const result = {
      runId,
      load: options.load,
      rounds: options.rounds,
      machine: { cpus: os.availableParallelism(), node: process.version, pinned: pinning.loadGenerator !== null, loadAverage: os.loadavg() },
      sides: summary,
      errors,
      ratios: {
        ofrepOverBareViaGateway: summary.ofrepViaGateway.rpsMedian / summary.bareViaGateway.rpsMedian,
        ofrepViaGatewayOverDirect: summary.ofrepViaGateway.rpsMedian / summary.ofrepDirect.rpsMedian,
      },
    };
    return writeReport(options.outputDir, result);
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await nats.jetstreamManager().then((jsm) => jsm.streams.delete(serviceEnv.EVENTS_STREAM)).catch(() => undefined);
    await nats.close();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

function writeReport(outputDir: string, result: { load: LoadShape; rounds: number; sides: Record<Side, { rpsMedian: number; p50Median: number; p99Median: number }>; errors: Record<Side, number>; ratios: Record<string, number>; machine: Record<string, unknown> }) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const files = [path.join(outputDir, `ofrep-${stamp}.json`), path.join(outputDir, `ofrep-${stamp}.md`)];
  const row = (side: Side, what: string) => `| ${side} | ${what} | ${Math.round(result.sides[side].rpsMedian)} | ${result.sides[side].p50Median.toFixed(2)} | ${result.sides[side].p99Median.toFixed(2)} |`;
  const markdown = [
    '# OFREP evaluation benchmark',
    '',
    `wrk -t${result.load.threads} -c${result.load.connections} -d${result.load.durationSeconds}s, ${result.rounds} rounds alternating the sides (medians). Machine: ${JSON.stringify(result.machine)}`,
    '',
    '| side | what | requests/s | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    row('ofrepViaGateway', `POST /ofrep/v1/evaluate/flags/${BENCH_FLAG_KEY} through the gateway to flag-service`),
    row('bareViaGateway', 'the same request through the gateway to bare node:http answering the same bytes (baseline)'),
    row('ofrepDirect', 'the same request to flag-service directly (signed identity, no gateway)'),
    row('bulkViaGateway', 'POST /ofrep/v1/evaluate/flags (50 flags) through the gateway'),
    '',
    `OFREP via gateway / baseline: **${result.ratios['ofrepOverBareViaGateway']?.toFixed(2)}x** requests/s; via gateway / direct: ${result.ratios['ofrepViaGatewayOverDirect']?.toFixed(2)}x.`,
    '',
    `Errors/non-2xx tolerated (≤ 1 % per round, machine stalls): ${JSON.stringify(result.errors)}`,
    '',
  ].join('\n');
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(files[0] as string, JSON.stringify(result, null, 2));
  writeFileSync(files[1] as string, markdown);
  return { markdown, files };
}
