import type { EntityBenchResult } from './entity-bench';

const number = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

export function renderEntityMarkdown(result: EntityBenchResult): string {
  const { machine, median } = result;
  const seedRows = result.seed.map(
    (run) =>
      `| ${number(run.nodes)} | ${number(run.seconds, 1)} | ${number(run.generationSeconds, 1)} | ${number(run.phases.copySeconds, 1)} | ${number(run.phases.insertSeconds, 1)} | ${number(run.phases.outboxSeconds, 1)} | ` +
      `${number(run.phases.commitSeconds, 2)} | ${number(run.phases.waitingForRowsSeconds, 1)} | ${number(run.entitiesPerSecond)} | ${(run.entitiesPerSecond / median.rawInserts).toFixed(2)} | ${run.loadAverage.map((v) => v.toFixed(2)).join(' ')} |`,
  );
  return [
    `# entity-service benchmarks — ${result.startedAt}`,
    '',
    `## Creates: ${result.concurrency} concurrent clients, ${number(result.createsPerRound)} creates per round and side, ${result.rounds} rounds (sides alternating)`,
    '',
    '| side | creates/s (median) | per round | ratio |',
    '|---|---|---|---|',
    `| raw parameterised INSERT via pg (pool of ${result.concurrency}), baseline | ${number(median.rawInserts)} | ${result.creates.rawInsert.map((v) => number(v)).join(', ')} | 1 |`,
    `| the service's statements for a create, from a pipelined pg pool (no HTTP, no service code) | ${number(median.serviceStatements)} | ${result.creates.serviceStatements.map((v) => number(v)).join(', ')} | ${result.statementsRatio.toFixed(2)} |`,
    `| POST /api/v1/entities (DB_POOL_MAX ${result.concurrency}) | ${number(median.serviceCreates)} | ${result.creates.service.map((v) => number(v)).join(', ')} | ${result.createRatio.toFixed(2)} |`,
    '',
    `Target ≥ 0.5×: ${verdict(result.createRatio >= 0.5)}. The service's create is a transaction (tenant role, shared tree lock,`,
    'parent read, INSERT, outbox row) plus identity check, validation and the JSON response; the baseline is the INSERT alone.',
    "The middle row is that transaction's SQL alone, in the service's two round trips: the most the service could reach if HTTP and its own code cost nothing.",
    '',
    `## Move of a ${number(result.subtreeSize)}-node subtree (${result.rounds * result.movesPerRound} moves per side, alternating)`,
    '',
    '| side | ms (median) | every move | ratio |',
    '|---|---|---|---|',
    `| one raw UPDATE of the same paths, baseline | ${number(median.rawMoveMs, 1)} | ${result.moves.rawUpdate.map((v) => number(v)).join(', ')} | 1 |`,
    `| POST /api/v1/entities/{id}/move | ${number(median.serviceMoveMs, 1)} | ${result.moves.service.map((v) => number(v)).join(', ')} | ${result.moveRatio.toFixed(2)} |`,
    '',
    `Target ≤ 2×: ${verdict(result.moveRatio <= 2)}.`,
    '',
    '## Seed tool (`npm run seed`, service stopped, fresh workspace each)',
    '',
    '| nodes | seconds | generation (overlapped) | COPY entities | INSERT … SELECT entities | outbox | commit | database idle | entities/s | ÷ raw INSERTs/s above | load average at start |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...seedRows,
    '',
    `Target ≥ 50,000 entities/s: ${verdict(result.seed.every((run) => run.entitiesPerSecond >= 50_000))}. Entities/s counts the whole transaction (generation, COPY,`,
    'INSERT into the table and its seven indexes, one outbox row per entity by COPY, commit); the phases are the database statements as the tool timed them,',
    'generation runs meanwhile (so it is not added), "database idle" is the rest (Postgres waiting for rows, the first chunk above all).',
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}; load average before ${machine.loadAverageBefore.map((v) => v.toFixed(2)).join(' ')}, after ${machine.loadAverageAfter.map((v) => v.toFixed(2)).join(' ')}.`,
    '',
  ].join('\n');
}
