import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { consistencyTokenFor, createEventEnvelope, entityUpdatedEventSchema, type Entity } from '@forecastin/contracts';
import { signIdentity } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import { createLogger } from '@forecastin/observability';
import { freePort } from '../free-port';
import { startServer, waitFor200 } from '../server-process';

export interface ZipfPhaseOptions {
  readonly workspaceRoot: string;
  readonly main: string;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly logFile: string;
  readonly workspace: string;
  readonly tree: { readonly roots: number; readonly children: number; readonly leaves: number };
  readonly hotNodes: number;
  readonly exponent: number;
  readonly writeFraction: number;
  readonly operations: number;
  readonly concurrency: number;
}

/** The id the fill gave the node at `nodePath`: md5 of workspace/path, with the uuid v4 version and variant digits. */
export function filledNodeId(workspace: string, nodePath: string): string {
  const md5 = createHash('md5').update(`${workspace}/${nodePath}`).digest('hex');
  const hex = `${md5.slice(0, 12)}4${md5.slice(13, 16)}8${md5.slice(17)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ranks 0..n-1 drawn with P(rank k) ∝ 1/(k+1)^s, by binary search over the cumulative weights. */
export function zipfSampler(n: number, exponent: number, random: () => number = Math.random): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  return () => {
    const target = random() * total;
    let [low, high] = [0, n - 1];
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** The version a read saw, from the name the writes give (`… v<version>`); the fill's names are version 1. */
function versionInName(name: string): number {
  const match = / v(\d+)$/.exec(name);
  return match ? Number(match[1]) : 1;
}

type CacheCounts = Record<'l1Hit' | 'l1Miss' | 'l2Hit' | 'l2Miss', number>;

async function cacheCounts(metricsUrl: string): Promise<CacheCounts> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (tier: string, result: string) => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`hierarchy_cache_requests_total{`) && candidate.includes(`tier="${tier}"`) && candidate.includes(`result="${result}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return { l1Hit: value('l1', 'hit'), l1Miss: value('l1', 'miss'), l2Hit: value('l2', 'hit'), l2Miss: value('l2', 'miss') };
}

/**
 * Zipf(s) node reads over `hotNodes` leaves with `writeFraction` renames, against the built service
 * on the filled read model. Every write goes to the stream as an `entity_updated` with the next
 * version in the name, and counts as visible once a read with its consistency token returns it;
 * the checker then flags any read that started after that moment and saw an older version (and any
 * token read that saw one). Hit rate: of the node groups looked up in L1, the share that did not
 * reach L3 (L1 hits + L2 hits), from the service's /metrics after a warm-up pass over the hot set.
 */
export async function runZipfPhase(options: ZipfPhaseOptions) {
  const prefix = `bench_z_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('hex');
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    NATS_SUBJECT_PREFIX: prefix,
    EVENTS_STREAM: `EVENTS_${prefix}`,
    REDIS_KEY_PREFIX: `${prefix}:`,
    IDENTITY_SIGNING_KEY: secret,
    CURSOR_SIGNING_KEY: secret,
    HOST: '127.0.0.1',
  };
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const nats = new NatsDependency({ url: options.natsUrl, connectionName: 'hierarchy-zipf-bench', logger, subjectPrefix: prefix, eventsStream: env.EVENTS_STREAM });
  await nats.connect();
  const port = await freePort();
  const service = startServer({ command: process.execPath, args: [options.main], env, cwd: options.workspaceRoot }, port, null, options.logFile);
  try {
    await waitFor200(service, `http://127.0.0.1:${port}/health/ready`, 60_000);
    const identity = signIdentity({ sub: 'bench', workspace_id: options.workspace, roles: ['viewer'], request_id: 'req_zipf', exp: Math.floor(Date.now() / 1000) + 3600 }, secret);
    const headers = { 'x-forecastin-identity': identity };
    const nodeUrl = (nodePath: string) => `http://127.0.0.1:${port}/api/v1/hierarchy/nodes/${nodePath}`;
    const read = async (nodePath: string, query = '') => {
      const response = await fetch(`${nodeUrl(nodePath)}${query}`, { headers });
      const body = (await response.json()) as { name?: string };
      return { status: response.status, version: versionInName(body.name ?? '') };
    };

    // The hot set: distinct leaves spread over the whole tree (a fixed stride through them).
    const { roots, children, leaves } = options.tree;
    const leafCount = roots * children * leaves;
    const stride = Math.floor(leafCount / options.hotNodes);
    const hot = Array.from({ length: options.hotNodes }, (_, index) => {
      const leaf = index * stride;
      const root = Math.floor(leaf / (children * leaves));
      const child = Math.floor(leaf / leaves) % children;
      return { path: `r${root + 1}.c${child + 1}.n${(leaf % leaves) + 1}`, written: 1, visible: { version: 1, at: 0 }, writing: false };
    });
    for (let index = 0; index < hot.length; index += options.concurrency) {
      await Promise.all(hot.slice(index, index + options.concurrency).map((node) => read(node.path)));
    }

    const before = await cacheCounts(`http://127.0.0.1:${port}/metrics`);
    const sample = zipfSampler(hot.length, options.exponent);
    const counts = { reads: 0, writes: 0, staleReads: 0, staleTokenReads: 0, tokenRetries: 0, errors: 0 };
    const write = async (node: (typeof hot)[number]) => {
      node.writing = true;
      const version = node.written + 1;
      node.written = version;
      const segments = node.path.split('.');
      const entity: Entity = {
        id: filledNodeId(options.workspace, node.path),
        name: `Hot ${node.path} v${version}`,
        key: segments[segments.length - 1] ?? '',
        entity_type: 'city',
        description: null,
        parent_id: filledNodeId(options.workspace, segments.slice(0, -1).join('.')),
        path: node.path,
        path_depth: segments.length,
        location: null,
        metadata: {},
        confidence_score: null,
        children_count: 0,
        version,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      };
      const event = createEventEnvelope(entityUpdatedEventSchema, { workspace_id: options.workspace, correlation_id: 'req_zipf_write', topic: `entity:${entity.id}`, entity_id: entity.id, entity });
      await nats.publishEvent(event);
      const token = `?consistency_token=${consistencyTokenFor(event.event_id)}`;
      for (;;) {
        const answer = await read(node.path, token);
        if (answer.status === 504) {
          counts.tokenRetries += 1;
          continue;
        }
        if (answer.status !== 200) counts.errors += 1;
        else if (answer.version < version) counts.staleTokenReads += 1;
        break;
      }
      node.visible = { version, at: performance.now() };
      node.writing = false;
      counts.writes += 1;
    };
    let issued = 0;
    const started = performance.now();
    const worker = async () => {
      while (issued < options.operations) {
        issued += 1;
        const node = hot[sample()] ?? hot[0];
        if (!node) return;
        // One write at a time per node, so its events reach the stream in version order.
        if (Math.random() < options.writeFraction && !node.writing) {
          await write(node);
          continue;
        }
        const visible = node.visible;
        const readStarted = performance.now();
        const answer = await read(node.path);
        counts.reads += 1;
        if (answer.status !== 200) counts.errors += 1;
        else if (visible.at > 0 && visible.at < readStarted && answer.version < visible.version) counts.staleReads += 1;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    await sleep(50); // let the last requests' metrics land
    const after = await cacheCounts(`http://127.0.0.1:${port}/metrics`);
    const delta = (key: keyof CacheCounts) => after[key] - before[key];
    const lookups = delta('l1Hit') + delta('l1Miss');
    service.assertAlive();
    return {
      hotNodes: options.hotNodes,
      exponent: options.exponent,
      writeFraction: options.writeFraction,
      concurrency: options.concurrency,
      ...counts,
      operationsPerSecond: (counts.reads + counts.writes) / seconds,
      groupLookups: lookups,
      hitRate: { overall: (delta('l1Hit') + delta('l2Hit')) / lookups, l1: delta('l1Hit') / lookups, l2OfL1Misses: delta('l2Hit') / Math.max(1, delta('l2Hit') + delta('l2Miss')) },
      logFile: path.relative(options.workspaceRoot, options.logFile),
    };
  } finally {
    await service.stop();
    await nats.jetstreamManager().then((jsm) => jsm.streams.delete(env.EVENTS_STREAM)).catch(() => undefined);
    await nats.close();
  }
}
