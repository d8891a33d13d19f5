// `npm run seed -- --workspace <uuid> --nodes 1000000 [--seed n]`: a generated world tree written
// in one transaction through COPY, with one entity_created event per entity in entity.outbox.
import { progressBar } from './src/progress-bar';
import { parseSeedOptions } from './src/seed-options';
import { SeedRefusedError, seedWorld } from './src/seed-writer';

async function main(): Promise<void> {
  let options;
  try {
    options = parseSeedOptions(process.argv.slice(2));
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const bar = options.progress ? progressBar(process.stderr, 'seeding') : undefined;
  const result = await seedWorld({ ...options, onProgress: (done, total) => bar?.update(done, total) });
  bar?.finish();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ workspace_id: options.workspaceId, seed: options.seed, ...result })}\n`);
    return;
  }
  process.stdout.write(
    `seeded ${result.nodes.toLocaleString('en-US')} entities and ${result.events.toLocaleString('en-US')} entity_created events into workspace ${options.workspaceId} ` +
      `in ${result.seconds.toFixed(1)} s (${Math.round(result.entitiesPerSecond).toLocaleString('en-US')} entities/s; generating rows and events took ${result.generationSeconds.toFixed(1)} s of it, overlapped with the database's inserts); ` +
      `entity-service's outbox relay publishes the events (correlation_id ${result.correlationId}).\n`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof SeedRefusedError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`seed failed: ${message}\n`);
  process.exitCode = 1;
});
