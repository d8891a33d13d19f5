import path from 'node:path';
import { connect } from 'nats';
import { builtApp } from '../built-app';
import type { Scenario, ScenarioContext } from '../scenario.types';

/** The app with the fewest dependencies (NATS only), so the chassis is what gets measured. */
const APP = 'realtime-service';
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

function streamName(context: ScenarioContext): string {
  return `BENCH_${context.runId}`;
}

export const chassisScenario: Scenario = {
  name: 'chassis',
  description: `${APP} (NestJS 12 + Fastify chassis) GET /health/live vs bare node:http sending the same bytes`,
  path: '/health/live',
  defaultLoad: { connections: 50, durationSeconds: 8, threads: 1 },
  targets: [
    { metric: 'throughputRatio', label: 'requests/s ≥ 0.4x bare node:http', limit: 0.4, comparison: 'atLeast' },
    { metric: 'readyMs', label: 'spawn → first 200 on /health/ready ≤ 1500 ms (median of 5)', limit: 1500, comparison: 'atMost' },
    { metric: 'idleRssMb', label: 'idle RSS after ready ≤ 100 MB', limit: 100, comparison: 'atMost' },
  ],

  async prepare(context) {
    builtApp(context.workspaceRoot, APP, context.forceBuild);
  },

  subject(context) {
    return {
      label: `${APP} (chassis)`,
      readyPath: '/health/ready',
      command: process.execPath,
      args: [path.join('apps', APP, 'dist', 'main.js')],
      cwd: context.workspaceRoot,
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        // The production log level: what a deployed chassis pays per request is part of the figure.
        LOG_LEVEL: 'info',
        NATS_URL,
        NATS_SUBJECT_PREFIX: `bench_${context.runId}`,
        EVENTS_STREAM: streamName(context),
        EVENTS_MAX_AGE_HOURS: '1',
        // NODE_ENV=production refuses the dev default key; a throwaway one is fine for a benchmark.
        IDENTITY_SIGNING_KEY: `bench-${context.runId}-${'k'.repeat(40)}`,
      },
    };
  },

  baseline(context, subjectResponse) {
    return {
      label: 'bare node:http',
      command: process.execPath,
      args: [path.join('tools', 'bench', 'bare-http.server.mjs')],
      cwd: context.workspaceRoot,
      env: { HOST: '127.0.0.1', BARE_RESPONSE: JSON.stringify(subjectResponse) },
    };
  },

  async cleanup(context) {
    const nc = await connect({ servers: NATS_URL, timeout: 2000 });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(streamName(context)).catch((error: unknown) => {
        // The app may not have created it (e.g. it died first); anything else is worth seeing.
        if (!(error instanceof Error && /stream not found/i.test(error.message))) throw error;
      });
    } finally {
      await nc.close();
    }
  },
};
