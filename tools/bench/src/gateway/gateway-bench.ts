import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { builtApp } from '../built-app';
import { planCpuPinning } from '../cpu-pinning';
import { freePort } from '../free-port';
import { startServer, waitFor200, type RunningServer, type ServerCommand } from '../server-process';
import { median } from '../stats';
import type { WrkResult } from '../wrk-output.parser';
import { runWrk, type LoadShape } from '../wrk.runner';
import { nginxConfig } from './nginx-config';
import { delayFor, pacedScript } from './paced-load';

export interface GatewayBenchOptions {
  readonly workspaceRoot: string;
  readonly load: LoadShape;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly forceBuild: boolean;
  readonly outputDir: string;
}

type Side = 'direct' | 'nginx' | 'express' | 'hpm' | 'gateway';
const SIDES: readonly Side[] = ['direct', 'nginx', 'express', 'hpm', 'gateway'];
/** The sides run again at the gateway's half load: nginx and hpm alone show what a proxy hop itself adds there. */
type PacedSide = 'direct' | 'nginx' | 'hpm' | 'gateway';
const PACED_SIDES: readonly PacedSide[] = ['direct', 'nginx', 'hpm', 'gateway'];
const PATH = '/api/v1/entities';
export const ISSUER = 'https://bench.forecastin.invalid/';
export const AUDIENCE = 'forecastin-bench';

function ensureNginx(): void {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return;
  } catch {
    if (process.getuid?.() !== 0) throw new Error('nginx is not installed: run `sudo apt-get install -y nginx` and retry');
  }
  process.stdout.write('nginx is missing: installing it with apt-get...\n');
  execFileSync('apt-get', ['install', '-y', 'nginx'], { stdio: 'inherit' });
}

/** A key pair only this run knows, its JWKS file for the gateway, and a viewer token for wrk. */
export async function benchCredentials(dir: string): Promise<{ keyFile: string; token: string }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = `bench-${randomBytes(4).toString('hex')}`;
  const keyFile = path.join(dir, 'bench.jwks.json');
  writeFileSync(keyFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }));
  const token = await new SignJWT({ workspace_id: randomUUID(), roles: ['viewer'] })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setSubject('bench-user')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { keyFile, token };
}

async function launch(spec: ServerCommand, port: number, cpus: string | null, logFile: string, readyUrl: string, headers?: Record<string, string>): Promise<RunningServer> {
  const server = startServer(spec, port, cpus, logFile);
  try {
    if (headers) {
      // The gateway's ready path is /health/ready; the proxied path must also answer before load.
      await waitFor200(server, `http://127.0.0.1:${port}/health/ready`, 30_000);
      const response = await fetch(readyUrl, { headers });
      if (response.status !== 200) throw new Error(`gateway answered ${response.status}: ${await response.text()}`);
    } else {
      await waitFor200(server, readyUrl, 30_000);
    }
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function assertClean(side: Side, result: WrkResult): WrkResult {
  if (result.errors > 0) throw new Error(`${side}: ${result.errors} errors/non-2xx under load`);
  return result;
}

export interface GatewayBenchResult {
  readonly load: LoadShape;
  readonly rounds: number;
  readonly max: Record<Side, { rps: number[]; rpsMedian: number; p50Median: number; p99Median: number }>;
  /** Every paced side at the same offered rate (half the gateway's maximum): nginx and hpm alone show what one proxy hop adds on this machine. */
  readonly halfLoad: { offeredRps: number; connections: number; delayMs: number } & Record<PacedSide, { p50: number; p99: number; rps: number }>;
  readonly ratios: { gatewayOverNginx: number; gatewayOverExpress: number; gatewayOverHpm: number; hpmOverNginx: number; gatewayOverDirect: number; nginxOverDirect: number };
  /** Added over direct at half load: the gateway's (the targets) and, for comparison, nginx's and hpm alone's. */
  readonly addedLatencyMs: { p50: number; p99: number };
  readonly addedLatencyOfHopMs: Record<'nginx' | 'hpm', { p50: number; p99: number }>;
  readonly machine: { cpus: number; node: string; pinned: boolean };
}

/**
 * GET through the gateway (JWT verify + role + rate limit in Redis + breaker + proxy) to a bare
 * node:http upstream, against the upstream direct, nginx (one worker, upstream keep-alive),
 * Express + http-proxy-middleware (no auth) and http-proxy-middleware alone on node:http (the
 * ceiling for any gateway built on it) in the same run, rounds alternating between them.
 * Then latency at half the gateway's maximum rate: gateway, nginx and hpm alone against direct.
 */
export async function runGatewayBench(options: GatewayBenchOptions): Promise<{ result: GatewayBenchResult; markdown: string; files: string[] }> {
  const root = options.workspaceRoot;
  const gatewayMain = builtApp(root, 'gateway', options.forceBuild);
  ensureNginx();
  const pinning = planCpuPinning();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logDir = path.join(options.outputDir, 'logs', `gateway-${stamp}`);
  mkdirSync(logDir, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));
  const { keyFile, token } = await benchCredentials(scratch);
  const auth = { authorization: `Bearer ${token}` };
  // wrk's default 2 s timeout turns a stall of the shared machine into "errors" that abort the run;
  // a slow but correct answer is a latency figure (it shows in p99), not an error.
  const wrkExtras = { headers: auth, timeoutSeconds: 10 };
  const node = process.execPath;
  const servers: RunningServer[] = [];
  try {
    const upstreamPort = await freePort();
    const upstreamBody = JSON.stringify({ items: [{ id: randomUUID(), name: 'bench' }], next_cursor: null, has_more: false });
    servers.push(
      await launch(
        { command: node, args: [path.join(__dirname, '../../bare-http.server.mjs')], env: { BARE_RESPONSE: JSON.stringify({ status: 200, headers: { 'content-type': 'application/json' }, body: upstreamBody }) }, cwd: root },
        upstreamPort, pinning.servers, path.join(logDir, 'upstream.log'), `http://127.0.0.1:${upstreamPort}${PATH}`,
      ),
    );
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;

    const nginxPort = await freePort();
    const prefix = path.join(scratch, 'nginx');
    mkdirSync(prefix, { recursive: true });
    const conf = path.join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConfig({ port: nginxPort, upstreamPort, prefix }));
    servers.push(await launch({ command: 'nginx', args: ['-c', conf, '-p', prefix], env: {}, cwd: root }, nginxPort, pinning.servers, path.join(logDir, 'nginx.log'), `http://127.0.0.1:${nginxPort}${PATH}`));

    const expressPort = await freePort();
    servers.push(
      await launch(
        { command: node, args: [path.join(__dirname, '../../express-proxy.server.mjs')], env: { UPSTREAM_URL: upstreamUrl }, cwd: root },
        expressPort, pinning.servers, path.join(logDir, 'express.log'), `http://127.0.0.1:${expressPort}${PATH}`,
      ),
    );

    // The ceiling: http-proxy-middleware alone on node:http, with the gateway's agent and options.
    const hpmPort = await freePort();
    servers.push(
      await launch(
        { command: node, args: [path.join(__dirname, '../../hpm-proxy.server.mjs')], env: { UPSTREAM_URL: upstreamUrl }, cwd: root },
        hpmPort, pinning.servers, path.join(logDir, 'hpm.log'), `http://127.0.0.1:${hpmPort}${PATH}`,
      ),
    );

    const gatewayPort = await freePort();
    const gatewayEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      IDENTITY_SIGNING_KEY: randomBytes(32).toString('base64url'),
      JWT_PUBLIC_KEY_FILES: keyFile,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      UPSTREAM_ENTITY_URL: upstreamUrl,
      // A 1 s window keeps the per-user sorted set small at tens of thousands of requests/s.
      RATE_LIMIT_WINDOW_SECONDS: '1',
      RATE_LIMIT_READ_PER_WINDOW: '1000000',
      // A stall of the shared machine can delay Redis past the default 250 ms; the gateway then
      // fails closed (503) as designed, which would abort the measurement (tested in the e2e suite).
      RATE_LIMIT_REDIS_TIMEOUT_MS: '2000',
      REDIS_KEY_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    };
    servers.push(await launch({ command: node, args: [gatewayMain], env: gatewayEnv, cwd: root }, gatewayPort, pinning.servers, path.join(logDir, 'gateway.log'), `http://127.0.0.1:${gatewayPort}${PATH}`, auth));

    const urls: Record<Side, string> = {
      direct: `${upstreamUrl}${PATH}`,
      nginx: `http://127.0.0.1:${nginxPort}${PATH}`,
      express: `http://127.0.0.1:${expressPort}${PATH}`,
      hpm: `http://127.0.0.1:${hpmPort}${PATH}`,
      gateway: `http://127.0.0.1:${gatewayPort}${PATH}`,
    };
    const warmup = { ...options.load, durationSeconds: options.warmupSeconds };
    for (const side of SIDES) await runWrk(urls[side], warmup, pinning.loadGenerator, wrkExtras);

    const samples: Record<Side, WrkResult[]> = { direct: [], nginx: [], express: [], hpm: [], gateway: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of SIDES) samples[side].push(assertClean(side, await runWrk(urls[side], options.load, pinning.loadGenerator, wrkExtras)));
      process.stdout.write(`round ${round + 1}/${options.rounds}: ${SIDES.map((side) => `${side} ${Math.round(samples[side].at(-1)?.requestsPerSecond ?? 0)}/s`).join(', ')}\n`);
    }
    const summary = (side: Side) => ({
      rps: samples[side].map((sample) => sample.requestsPerSecond),
      rpsMedian: median(samples[side].map((sample) => sample.requestsPerSecond)),
      p50Median: median(samples[side].map((sample) => sample.latencyMs.p50)),
      p99Median: median(samples[side].map((sample) => sample.latencyMs.p99)),
    });
    const max = { direct: summary('direct'), nginx: summary('nginx'), express: summary('express'), hpm: summary('hpm'), gateway: summary('gateway') };

    const offeredRps = max.gateway.rpsMedian / 2;
    const connections = Math.min(options.load.connections, 20);
    const delayMs = delayFor(offeredRps, connections);
    const script = path.join(scratch, 'paced.lua');
    writeFileSync(script, pacedScript(delayMs));
    const paced: Record<PacedSide, WrkResult[]> = { direct: [], nginx: [], hpm: [], gateway: [] };
    const pacedLoad = { ...options.load, connections, threads: 1 };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of PACED_SIDES) paced[side].push(assertClean(side, await runWrk(urls[side], pacedLoad, pinning.loadGenerator, { ...wrkExtras, script })));
    }
    const half = (side: PacedSide) => ({
      p50: median(paced[side].map((sample) => sample.latencyMs.p50)),
      p99: median(paced[side].map((sample) => sample.latencyMs.p99)),
      rps: median(paced[side].map((sample) => sample.requestsPerSecond)),
    });
    const halfLoad = { offeredRps, connections, delayMs, direct: half('direct'), nginx: half('nginx'), hpm: half('hpm'), gateway: half('gateway') };
    const added = (side: PacedSide) => ({ p50: halfLoad[side].p50 - halfLoad.direct.p50, p99: halfLoad[side].p99 - halfLoad.direct.p99 });
    const result: GatewayBenchResult = {
      load: options.load,
      rounds: options.rounds,
      max,
      halfLoad,
      ratios: {
        gatewayOverNginx: max.gateway.rpsMedian / max.nginx.rpsMedian,
        gatewayOverExpress: max.gateway.rpsMedian / max.express.rpsMedian,
        gatewayOverHpm: max.gateway.rpsMedian / max.hpm.rpsMedian,
        hpmOverNginx: max.hpm.rpsMedian / max.nginx.rpsMedian,
        gatewayOverDirect: max.gateway.rpsMedian / max.direct.rpsMedian,
        nginxOverDirect: max.nginx.rpsMedian / max.direct.rpsMedian,
      },
      addedLatencyMs: added('gateway'),
      addedLatencyOfHopMs: { nginx: added('nginx'), hpm: added('hpm') },
      machine: { cpus: os.availableParallelism(), node: process.version, pinned: pinning.servers !== null },
    };
    const markdown = renderGatewayMarkdown(result);
    const base = path.join(options.outputDir, `gateway-${stamp}`);
    writeFileSync(`${base}.json`, JSON.stringify({ result, samples, paced }, null, 2));
    writeFileSync(`${base}.md`, markdown);
    return { result, markdown, files: [`${base}.json`, `${base}.md`] };
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

const fixed = (value: number, digits = 2): string => value.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

export function renderGatewayMarkdown(result: GatewayBenchResult): string {
  const rows = SIDES.map((side) => {
    const entry = result.max[side];
    return `| ${side} | ${Math.round(entry.rpsMedian)} | ${fixed(entry.p50Median)} | ${fixed(entry.p99Median)} |`;
  });
  const { halfLoad, ratios, addedLatencyMs, addedLatencyOfHopMs } = result;
  const pacedRow = (side: PacedSide) =>
    `| ${side} | ${Math.round(halfLoad[side].rps)} | ${fixed(halfLoad[side].p50)} | ${fixed(halfLoad[side].p99)} | ${side === 'direct' ? '—' : `${fixed(halfLoad[side].p50 - halfLoad.direct.p50)} / ${fixed(halfLoad[side].p99 - halfLoad.direct.p99)}`} |`;
  return [
    `# gateway benchmark`,
    ``,
    `GET ${PATH}: wrk -t${result.load.threads} -c${result.load.connections} -d${result.load.durationSeconds}s, ${result.rounds} rounds (medians); ${result.machine.cpus} CPUs, Node ${result.machine.node}, pinned: ${result.machine.pinned}.`,
    ``,
    `| server | requests/s | p50 ms | p99 ms |`,
    `|---|---|---|---|`,
    ...rows,
    ``,
    `Half load: ${Math.round(halfLoad.offeredRps)} req/s offered to each (${halfLoad.connections} connections, ${fixed(halfLoad.delayMs, 1)} ms pacing each).`,
    ``,
    `| server at half load | requests/s | p50 ms | p99 ms | added over direct p50 / p99 ms |`,
    `|---|---|---|---|---|`,
    ...PACED_SIDES.map(pacedRow),
    ``,
    `| target | measured | verdict |`,
    `|---|---|---|`,
    `| gateway ≥ 0.3× nginx requests/s | ${fixed(ratios.gatewayOverNginx)}× | ${verdict(ratios.gatewayOverNginx >= 0.3)} |`,
    `| p50 added over direct ≤ 1 ms at half load | ${fixed(addedLatencyMs.p50)} ms | ${verdict(addedLatencyMs.p50 <= 1)} |`,
    `| p99 added over direct ≤ 5 ms at half load | ${fixed(addedLatencyMs.p99)} ms | ${verdict(addedLatencyMs.p99 <= 5)} |`,
    ``,
    `Also: gateway/express ${fixed(ratios.gatewayOverExpress)}×, gateway/direct ${fixed(ratios.gatewayOverDirect)}×, nginx/direct ${fixed(ratios.nginxOverDirect)}×.`,
    `Ceiling: http-proxy-middleware alone on node:http (\`hpm\`) reaches ${fixed(ratios.hpmOverNginx)}× nginx; the gateway gets ${fixed(ratios.gatewayOverHpm)}× of it.`,
    `One proxy hop at the same rate adds p50 ${fixed(addedLatencyOfHopMs.nginx.p50)} ms through nginx and ${fixed(addedLatencyOfHopMs.hpm.p50)} ms through hpm alone (p99 ${fixed(addedLatencyOfHopMs.nginx.p99)} / ${fixed(addedLatencyOfHopMs.hpm.p99)} ms).`,
    ``,
  ].join('\n');
}
