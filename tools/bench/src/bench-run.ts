import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchResult, ServerSummary, StartupSummary, TargetVerdict } from './bench-result.types';
import { renderMarkdown } from './bench-report';
import { planCpuPinning, type CpuPinning } from './cpu-pinning';
import { freePort } from './free-port';
import type { CapturedResponse, Scenario, ScenarioContext, Target } from './scenario.types';
import { residentMb, startServer, waitFor200, type RunningServer, type ServerCommand } from './server-process';
import { median } from './stats';
import type { WrkResult } from './wrk-output.parser';
import { runWrk, type LoadShape } from './wrk.runner';

export interface RunOptions {
  readonly load: LoadShape;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly starts: number;
  readonly outputDir: string;
}

const READY_TIMEOUT_MS = 30_000;
/** Lets start-up garbage settle before reading idle RSS. */
const IDLE_SETTLE_MS = 1000;
/** Headers the transport sets per response; the baseline's own node:http adds its own. */
const PER_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

async function launch(spec: ServerCommand, cpus: string | null, logFile: string, readyPath: string): Promise<{ server: RunningServer; readyMs: number }> {
  const port = await freePort();
  const server = startServer(spec, port, cpus, logFile);
  try {
    const readyMs = await waitFor200(server, `http://127.0.0.1:${port}${readyPath}`, READY_TIMEOUT_MS);
    return { server, readyMs };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function measureStartup(scenario: Scenario, context: ScenarioContext, pinning: CpuPinning, starts: number, logDir: string): Promise<StartupSummary> {
  const subject = scenario.subject(context);
  const readyMs: number[] = [];
  const idleRssMb: number[] = [];
  for (let i = 0; i < starts; i += 1) {
    const { server, readyMs: ms } = await launch(subject, pinning.servers, path.join(logDir, `subject-start-${i + 1}.log`), subject.readyPath);
    readyMs.push(ms);
    await sleep(IDLE_SETTLE_MS);
    const rss = residentMb(server.pid);
    if (rss !== null) idleRssMb.push(rss);
    await server.stop();
  }
  return { readyMs, readyMsMedian: median(readyMs), idleRssMb, idleRssMbMedian: idleRssMb.length > 0 ? median(idleRssMb) : null };
}

async function captureResponse(url: string): Promise<CapturedResponse> {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 500)}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!PER_RESPONSE_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body };
}

async function load(server: RunningServer, scenario: Scenario, shape: LoadShape, pinning: CpuPinning): Promise<WrkResult> {
  server.assertAlive();
  const result = await runWrk(`http://127.0.0.1:${server.port}${scenario.path}`, shape, pinning.loadGenerator);
  server.assertAlive();
  if (result.errors > 0) throw new Error(`${result.errors} errors/non-2xx responses from port ${server.port}: the scenario is broken`);
  return result;
}

function summarize(label: string, rounds: readonly WrkResult[], rss: number | null): ServerSummary {
  return {
    label,
    rounds,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: median(rounds.map((r) => r.latencyMs.p50)),
    p99Ms: median(rounds.map((r) => r.latencyMs.p99)),
    rssAfterLoadMb: rss,
  };
}

function judge(target: Target, measured: number | null): TargetVerdict {
  const pass = measured !== null && (target.comparison === 'atLeast' ? measured >= target.limit : measured <= target.limit);
  return { ...target, measured, pass };
}

/** Runs one scenario end to end and writes `<outputDir>/<scenario>-<timestamp>.{json,md}`. */
export async function runScenario(scenario: Scenario, context: ScenarioContext, options: RunOptions): Promise<{ result: BenchResult; files: string[] }> {
  const startedAt = new Date().toISOString();
  const stamp = startedAt.replace(/[:.]/g, '-');
  const logDir = path.join(options.outputDir, 'logs', `${scenario.name}-${stamp}`);
  mkdirSync(logDir, { recursive: true });
  const pinning = planCpuPinning();
  const loadAverageBefore = os.loadavg();

  await scenario.prepare(context);
  const running: RunningServer[] = [];
  try {
    process.stdout.write(`[${scenario.name}] start-up: ${options.starts} starts of the subject...\n`);
    const startup = await measureStartup(scenario, context, pinning, options.starts, logDir);

    const subjectSpec = scenario.subject(context);
    const subject = (await launch(subjectSpec, pinning.servers, path.join(logDir, 'subject.log'), subjectSpec.readyPath)).server;
    running.push(subject);
    const captured = await captureResponse(`http://127.0.0.1:${subject.port}${scenario.path}`);
    const baselineSpec = scenario.baseline(context, captured);
    const baseline = (await launch(baselineSpec, pinning.servers, path.join(logDir, 'baseline.log'), scenario.path)).server;
    running.push(baseline);

    const warmup: LoadShape = { ...options.load, durationSeconds: options.warmupSeconds };
    process.stdout.write(`[${scenario.name}] warm-up ${options.warmupSeconds}s each...\n`);
    await load(baseline, scenario, warmup, pinning);
    await load(subject, scenario, warmup, pinning);

    const baselineRounds: WrkResult[] = [];
    const subjectRounds: WrkResult[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      process.stdout.write(`[${scenario.name}] round ${round}/${options.rounds}: baseline, subject...\n`);
      baselineRounds.push(await load(baseline, scenario, options.load, pinning));
      subjectRounds.push(await load(subject, scenario, options.load, pinning));
    }

    const baselineSummary = summarize(baselineSpec.label, baselineRounds, residentMb(baseline.pid));
    const subjectSummary = summarize(subjectSpec.label, subjectRounds, residentMb(subject.pid));
    const throughputRatio = subjectSummary.requestsPerSecond / baselineSummary.requestsPerSecond;
    const measured: Record<Target['metric'], number | null> = {
      throughputRatio,
      readyMs: startup.readyMsMedian,
      idleRssMb: startup.idleRssMbMedian,
    };

    const result: BenchResult = {
      scenario: scenario.name,
      description: scenario.description,
      startedAt,
      path: scenario.path,
      load: options.load,
      warmupSeconds: options.warmupSeconds,
      baseline: baselineSummary,
      subject: subjectSummary,
      throughputRatio,
      startup,
      targets: scenario.targets.map((target) => judge(target, measured[target.metric])),
      machine: {
        cores: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAverageBefore,
        loadAverageAfter: os.loadavg(),
        pinning,
      },
    };
    const base = path.join(options.outputDir, `${scenario.name}-${stamp}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${base}.md`, renderMarkdown(result));
    return { result, files: [`${base}.json`, `${base}.md`] };
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    await scenario.cleanup(context);
  }
}
