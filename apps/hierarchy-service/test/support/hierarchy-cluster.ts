import path from 'node:path';
import { DEV_IDENTITY_SIGNING_KEY, signIdentity } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import {
  createCaptureLogger,
  deleteTestKeys,
  deleteTestStream,
  migratedServiceDatabase,
  startServiceProcess,
  testNatsEnv,
  testRedisEnv,
  uniqueTestPrefix,
  type ServiceProcess,
} from '@forecastin/testing';

export const MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A client of one instance, calling as a gateway-verified user of `workspaceId`. */
export class HierarchyClient {
  constructor(
    readonly baseUrl: string,
    private readonly workspaceId: string,
  ) {}

  async get<T = unknown>(pathAndQuery: string): Promise<HttpAnswer<T>> {
    const identity = signIdentity(
      { sub: 'user-1', workspace_id: this.workspaceId, roles: ['viewer'], request_id: 'req_e2e', exp: Math.floor(Date.now() / 1000) + 300 },
      DEV_IDENTITY_SIGNING_KEY,
    );
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { 'x-forecastin-identity': identity } });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  }

  /**
   * A read with `consistency_token`: the service waits at most 1 s for the write (API.md), which a
   * loaded CI machine can exceed between the write and its projection — so a 504 UPSTREAM_TIMEOUT
   * is asked again. Any other answer is returned as it is: a stale 200 still fails the caller's
   * assertion, never retried into passing.
   */
  async readYourWrite<T = unknown>(pathAndQuery: string, token: string): Promise<HttpAnswer<T>> {
    const separator = pathAndQuery.includes('?') ? '&' : '?';
    return retryingBoundedWait(() => this.get<T>(`${pathAndQuery}${separator}consistency_token=${token}`));
  }

  as(workspaceId: string): HierarchyClient {
    return new HierarchyClient(this.baseUrl, workspaceId);
  }
}

/** Repeats `read` while it answers 504 (the bounded consistency wait elapsed), for up to 20 s. */
export async function retryingBoundedWait<A extends { status: number }>(read: () => Promise<A>, timeoutMs = 20_000): Promise<A> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (answer.status !== 504 || Date.now() > deadline) return answer;
  }
}

/**
 * N hierarchy-service processes on one database, one stream and one Redis prefix (as replicas of
 * one deployment), plus a NATS connection on the same prefix to publish entity events with.
 */
export async function startHierarchyCluster(label: string, instances: number, extraEnv: Record<string, string> = {}) {
  const prefix = uniqueTestPrefix(label);
  const natsEnv = testNatsEnv(prefix);
  const redisEnv = testRedisEnv(prefix);
  const database = await migratedServiceDatabase(MAIN);
  const env = { ...natsEnv, ...redisEnv, DATABASE_URL: database.url, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '5000', ...extraEnv };
  const processes: ServiceProcess[] = [];
  const { logger } = createCaptureLogger();
  const nats = new NatsDependency({ url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', connectionName: 'hierarchy-e2e', logger, subjectPrefix: natsEnv.NATS_SUBJECT_PREFIX, eventsStream: natsEnv.EVENTS_STREAM });
  const cleanup = async () => {
    await Promise.allSettled(processes.map((child) => child.stop()));
    await nats.close();
    await database.drop();
    await deleteTestStream(natsEnv.EVENTS_STREAM);
    await deleteTestKeys(redisEnv.REDIS_KEY_PREFIX);
  };
  try {
    for (let index = 0; index < instances; index++) processes.push(await startServiceProcess({ main: MAIN, env, readyTimeoutMs: 30_000 }));
    await nats.connect();
  } catch (error: unknown) {
    await cleanup();
    throw error;
  }
  return { processes, nats, database, env, cleanup };
}
