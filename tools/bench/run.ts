// `npm run bench -- <scenario> [flags]`: runs a scenario and its baseline in one run and writes
// bench-results/<scenario>-<timestamp>.{json,md}. Exits 0 whether targets pass or not (a benchmark
// is a measurement); exits 1 only when the scenario itself could not run.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { renderMarkdown } from './src/bench-report';
import { runScenario } from './src/bench-run';
import { parseCliOptions } from './src/cli-options';
import { buildFlagLibs } from './src/flags/flags-prepare';
import { runGatewayBench } from './src/gateway/gateway-bench';
import { runHierarchyBench } from './src/hierarchy/hierarchy-bench';
import { runHierarchy1mBench } from './src/hierarchy/hierarchy-1m-bench';
import { entityBenchOptions, runEntityBench } from './src/entity/entity-bench';
import { runOfrepBench } from './src/ofrep/ofrep-bench';
import { runOutboxBench } from './src/outbox/outbox-bench';
import { findScenario } from './src/scenarios/scenario.registry';
import { ensureWrk } from './src/wrk.runner';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  const workspaceRoot = path.resolve(__dirname, '../..');
  // In-process evaluation of two flag engines: no servers, no wrk. Imported once the libs are built.
  if (options.scenario === 'flags') {
    buildFlagLibs(workspaceRoot);
    const { runFlagsBench } = await import('./src/flags/flags-bench.js');
    const { markdown, files } = await runFlagsBench({
      rounds: options.rounds,
      roundSeconds: options.durationSeconds ?? 3,
      warmupSeconds: options.warmupSeconds,
      outputDir: path.join(workspaceRoot, 'bench-results'),
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  // Outbox relay against direct JetStream publishes, in-process on the real Postgres and NATS: no wrk.
  if (options.scenario === 'outbox') {
    const { markdown, files } = await runOutboxBench({
      rounds: options.rounds,
      events: 10_000,
      outputDir: path.join(workspaceRoot, 'bench-results'),
      natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/forecastin',
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  // entity-service vs raw pg on the same table (creates, a 4,000-node move), then the seed tool: no wrk.
  if (options.scenario === 'entity') {
    const { markdown, files } = await runEntityBench(entityBenchOptions(options, workspaceRoot, process.env));
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  // hierarchy-service on a 1,000,250-node read model: uncached reads against SELECT 1 on the same pool, then Zipf reads with writes: no wrk.
  if (options.scenario === 'hierarchy-1m') {
    if (options.only !== undefined && options.only !== 'l3') throw new Error('hierarchy-1m: --only takes "l3"');
    const { markdown, files } = await runHierarchy1mBench({
      workspaceRoot,
      outputDir: path.join(workspaceRoot, 'bench-results'),
      adminDatabaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/forecastin',
      natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      rounds: options.rounds,
      samples: 2000,
      zipfOperations: options.only === 'l3' ? 0 : 60_000,
      baselineRoot: options.baseline === undefined ? undefined : path.resolve(options.baseline),
      forceBuild: options.forceBuild,
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  ensureWrk();
  // The gateway compares four servers (direct, nginx, Express, gateway), not one subject and one baseline.
  if (options.scenario === 'gateway') {
    const { markdown, files } = await runGatewayBench({
      workspaceRoot,
      load: { connections: options.connections ?? 50, durationSeconds: options.durationSeconds ?? 8, threads: options.threads ?? 1 },
      rounds: options.rounds,
      warmupSeconds: options.warmupSeconds,
      forceBuild: options.forceBuild,
      outputDir: path.join(workspaceRoot, 'bench-results'),
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  // OFREP through the gateway against the same gateway path to a bare upstream, flag-service direct, and bulk.
  if (options.scenario === 'ofrep') {
    const { markdown, files } = await runOfrepBench({
      workspaceRoot,
      outputDir: path.join(workspaceRoot, 'bench-results'),
      load: { connections: options.connections ?? 50, durationSeconds: options.durationSeconds ?? 8, threads: options.threads ?? 1 },
      rounds: options.rounds,
      warmupSeconds: options.warmupSeconds,
      natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      adminDatabaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/forecastin',
      forceBuild: options.forceBuild,
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  // hierarchy-service: projection rate, a 4,000-node move's visibility, L1 hits vs /health/live and bare node:http.
  if (options.scenario === 'hierarchy') {
    if (options.only === 'l3') throw new Error('hierarchy: --only takes "projection" or "l1" ("l3" is hierarchy-1m\'s)');
    const { markdown, files } = await runHierarchyBench({
      workspaceRoot,
      outputDir: path.join(workspaceRoot, 'bench-results'),
      nodes: 10_000,
      load: { connections: options.connections ?? 50, durationSeconds: options.durationSeconds ?? 8, threads: options.threads ?? 1 },
      rounds: options.rounds,
      moves: options.only === undefined ? 10 : 0,
      projectionOnly: options.only === 'projection',
      cpuProf: options.cpuProf,
      baselineRoot: options.baseline === undefined ? undefined : path.resolve(options.baseline),
      natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      adminDatabaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/forecastin',
      forceBuild: options.forceBuild,
    });
    process.stdout.write(`\n${markdown}\nwritten: ${files.join(', ')}\n`);
    return;
  }
  const scenario = findScenario(options.scenario);
  const { result, files } = await runScenario(
    scenario,
    { workspaceRoot, runId: randomBytes(4).toString('hex'), forceBuild: options.forceBuild },
    {
      load: {
        connections: options.connections ?? scenario.defaultLoad.connections,
        durationSeconds: options.durationSeconds ?? scenario.defaultLoad.durationSeconds,
        threads: options.threads ?? scenario.defaultLoad.threads,
      },
      rounds: options.rounds,
      warmupSeconds: options.warmupSeconds,
      starts: options.starts,
      outputDir: path.join(workspaceRoot, 'bench-results'),
    },
  );
  process.stdout.write(`\n${renderMarkdown(result)}\nwritten: ${files.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
