import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { IDENTITY_HEADER, signIdentity } from '@forecastin/lifecycle';
import type { Pool, PoolClient } from 'pg';

/** The bench's tenant: every row and request of one run is in it. */
export interface BenchTenant {
  readonly workspaceId: string;
  readonly baseUrl: string;
  /** The service's IDENTITY_SIGNING_KEY (the secret it shares with the gateway). */
  readonly signingKey: string;
}

/** What a create needs: a parent (id and path) for the subject's body and the baseline's row. */
export interface Parent {
  readonly id: string;
  readonly path: string;
}

/** A forwarded identity as the gateway signs it (libs/lifecycle), valid for 5 minutes. */
export function identityHeader(tenant: BenchTenant): Record<string, string> {
  const token = signIdentity(
    { sub: 'bench', workspace_id: tenant.workspaceId, roles: ['analyst'], request_id: `req_${randomUUID().replaceAll('-', '')}`, exp: Math.floor(Date.now() / 1000) + 300 },
    tenant.signingKey,
  );
  return { [IDENTITY_HEADER]: token };
}

export async function postJson<T>(tenant: BenchTenant, path: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(`${tenant.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...identityHeader(tenant) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status} (expected ${expected}): ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** The n-th create of a round: a city with a point, small metadata and a key unique in the run. */
export function createBody(label: string, n: number, parent: Parent) {
  return {
    name: `Bench city ${label} ${n}`,
    key: `c_${label}_${n}`,
    entity_type: 'city',
    parent_id: parent.id,
    location: { type: 'Point', coordinates: [((n * 7.3) % 360) - 180, ((n * 3.1) % 180) - 90] },
    metadata: { population: n * 10, source: 'bench' },
    confidence_score: 0.75,
  };
}

/** `total` tasks over `concurrency` workers; resolves with the wall time in seconds. */
export async function runConcurrently(total: number, concurrency: number, task: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

/**
 * A keep-alive `node:http` POST: the load generator shares the two cores with what it measures, and
 * `fetch` cost the bench 1.2–1.9 ms of CPU per create (node:http ~0.4 ms), as much as the service's own work.
 */
function postCreate(agent: http.Agent, url: URL, headers: Record<string, string>, body: unknown): Promise<void> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 201) resolve();
          else reject(new Error(`POST ${url.pathname} answered ${String(response.statusCode)}: ${Buffer.concat(chunks).toString().slice(0, 500)}`));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}

/** Subject: POST /api/v1/entities, one request per create, on keep-alive connections (one signed identity per round). */
export function createThroughService(tenant: BenchTenant, parents: readonly Parent[], label: string, agent: http.Agent) {
  const url = new URL('/api/v1/entities', tenant.baseUrl);
  const headers = identityHeader(tenant);
  return (n: number) => postCreate(agent, url, headers, createBody(label, n, parents[n % parents.length] as Parent));
}

/**
 * Baseline: the same row with one parameterised INSERT through `pg` (autocommit, as the login user):
 * path computed by the caller, geometry derived from the GeoJSON with the service's expression. No
 * transaction, tenant role, tree lock, parent read, outbox row or response rendering.
 */
export function createWithRawInsert(pool: Pool, workspaceId: string, parents: readonly Parent[], label: string) {
  return async (n: number): Promise<void> => {
    const parent = parents[n % parents.length] as Parent;
    const body = createBody(label, n, parent);
    const location = JSON.stringify(body.location);
    await pool.query(
      `INSERT INTO entity.entities (workspace_id, id, parent_id, key, name, entity_type, path, location, geom, metadata, confidence_score)
       VALUES ($1, $2, $3, $4, $5, $6, $7::ltree, $8::json,
               public.ST_MakeValid(public.ST_SetSRID(public.ST_Force2D(public.ST_GeomFromGeoJSON($8::text)), 4326)), $9::jsonb, $10)`,
      [workspaceId, randomUUID(), parent.id, body.key, body.name, body.entity_type, `${parent.path}.${body.key}`, location, JSON.stringify(body.metadata), body.confidence_score],
    );
  };
}

/**
 * The statements entity-service sends for one create (apps/entity-service: withTenant's tenant
 * switch with the shared tree lock, EntityRepository's INSERT … SELECT, the outbox row), from a
 * pipelined plain `pg` pool: what the create costs Postgres and the driver alone, without HTTP,
 * validation or the service's code. Copied, not imported (a tool may not import an app): the
 * texts must follow the service's if they change.
 */
const CREATE_STATEMENTS = {
  tenant: {
    name: 'bench_tenant',
    text: `SELECT set_config('app.workspace_id', $1, true), set_config('role', $2, true), pg_advisory_xact_lock_shared(hashtextextended($3, 0))`,
  },
  insert: {
    name: 'bench_insert',
    text: `INSERT INTO entity.entities AS e (workspace_id, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, p.path || $4::text::public.ltree, $8::text::json,
       CASE WHEN $8::text IS NULL THEN NULL ELSE public.ST_MakeValid(public.ST_SetSRID(public.ST_Force2D(public.ST_GeomFromGeoJSON($8::text)), 4326)) END, $9::jsonb, $10::float8
       FROM entity.entities p WHERE p.workspace_id = $1 AND p.id = $3 AND p.path_depth < 32
     ON CONFLICT (workspace_id, path) DO NOTHING
     RETURNING e.id, e.name, e.key, e.entity_type, e.description, e.parent_id, e.path::text AS path, e.path_depth, e.location, e.metadata,
       e.confidence_score, 0 AS children_count, e.version, e.created_at, e.updated_at`,
  },
  outbox: { text: `INSERT INTO entity.outbox (event_id, subject, ordering_key, payload, headers) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb)` },
} as const;

/** Side "the create's SQL alone": the service's statements for one create, in its two round trips, on a pipelined pool. */
export function createWithServiceStatements(pool: Pool, workspaceId: string, parents: readonly Parent[], label: string) {
  const treeLock = `forecastin:entity-tree:${workspaceId}`;
  return async (n: number): Promise<void> => {
    const parent = parents[n % parents.length] as Parent;
    const body = createBody(label, n, parent);
    const id = randomUUID();
    const client: PoolClient = await pool.connect();
    try {
      const [, , inserted] = await Promise.all([
        client.query('START TRANSACTION'),
        client.query({ ...CREATE_STATEMENTS.tenant, values: [workspaceId, 'forecastin_entity_app', treeLock] }),
        client.query({
          ...CREATE_STATEMENTS.insert,
          values: [workspaceId, id, parent.id, body.key, body.name, body.entity_type, null, JSON.stringify(body.location), JSON.stringify(body.metadata), body.confidence_score],
        }),
      ]);
      const row: unknown = inserted.rows[0];
      if (inserted.rowCount !== 1) throw new Error(`the create's INSERT inserted ${String(inserted.rowCount)} rows`);
      // The event carries the inserted row, as the service's does (its envelope is built from it).
      const event = { event_id: randomUUID(), type: 'entity.created', workspace_id: workspaceId, data: { entity: row } };
      await Promise.all([
        client.query(CREATE_STATEMENTS.outbox.text, [event.event_id, `evt.${workspaceId}.entity.created`, `entity:${id}`, JSON.stringify(event), '{}']),
        client.query('COMMIT'),
      ]);
    } catch (error: unknown) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** Subtree of the move benchmark: its root, 40 children and the rest as grandchildren (4,000 in all). */
export const SUBTREE_SIZE = 4000;
const SUBTREE_CHILDREN = 40;

/**
 * Two roots `mv_a` and `mv_b` and a 4,000-node subtree `mv_a.moved`, written with plain SQL (setup,
 * untimed). Returns the ids the moves need.
 */
export async function buildMoveFixture(pool: Pool, workspaceId: string): Promise<{ a: Parent; b: Parent; subtreeRoot: string }> {
  const a = { id: randomUUID(), path: 'mv_a' };
  const b = { id: randomUUID(), path: 'mv_b' };
  const subtreeRoot = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO entity.entities (workspace_id, id, parent_id, key, name, entity_type, path) VALUES
         ($1, $2, NULL, 'mv_a', 'Move A', 'region', 'mv_a'), ($1, $3, NULL, 'mv_b', 'Move B', 'region', 'mv_b'),
         ($1, $4, $2, 'moved', 'Moved subtree', 'country', 'mv_a.moved')`,
      [workspaceId, a.id, b.id, subtreeRoot],
    );
    await client.query(
      `INSERT INTO entity.entities (workspace_id, id, parent_id, key, name, entity_type, path, location, geom, metadata)
       SELECT $1, gen_random_uuid(), $2, 'r' || i, 'Region ' || i, 'region', ('mv_a.moved.r' || i)::ltree,
              json_build_object('type', 'Point', 'coordinates', json_build_array(i, i)), public.ST_SetSRID(public.ST_MakePoint(i, i), 4326), '{}'::jsonb
         FROM generate_series(1, ${SUBTREE_CHILDREN}) AS i`,
      [workspaceId, subtreeRoot],
    );
    await client.query(
      `INSERT INTO entity.entities (workspace_id, id, parent_id, key, name, entity_type, path, metadata)
       SELECT $1, gen_random_uuid(), r.id, 'c' || i, 'City ' || i, 'city', r.path || ('c' || i)::ltree, jsonb_build_object('population', i)
         FROM generate_series(1, ${SUBTREE_SIZE - 1 - SUBTREE_CHILDREN}) AS i
         JOIN entity.entities r ON r.workspace_id = $1 AND r.parent_id = $2 AND r.key = 'r' || (1 + i % ${SUBTREE_CHILDREN})`,
      [workspaceId, subtreeRoot],
    );
    const [count] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM entity.entities WHERE workspace_id = $1 AND path <@ 'mv_a.moved'`, [workspaceId])).rows;
    if (count?.n !== SUBTREE_SIZE) throw new Error(`move fixture has ${String(count?.n)} nodes, expected ${SUBTREE_SIZE}`);
    await client.query('COMMIT');
  } catch (error: unknown) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return { a, b, subtreeRoot };
}

/** Subject: POST /api/v1/entities/{id}/move; seconds for the one request. */
export async function moveThroughService(tenant: BenchTenant, subtreeRoot: string, to: Parent): Promise<number> {
  const started = performance.now();
  const moved = await postJson<{ path: string }>(tenant, `/api/v1/entities/${subtreeRoot}/move`, { parent_id: to.id }, 200);
  const seconds = (performance.now() - started) / 1000;
  if (moved.path !== `${to.path}.moved`) throw new Error(`move answered path ${moved.path}`);
  return seconds;
}

/** Baseline: one UPDATE rewriting the same 4,000 paths (and the root's parent), as the service's rows end up. */
export async function moveWithRawUpdate(pool: Pool, workspaceId: string, subtreeRoot: string, from: Parent, to: Parent): Promise<number> {
  const started = performance.now();
  const result = await pool.query(
    `UPDATE entity.entities
        SET path = $3::ltree || subpath(path, nlevel($2::ltree) - 1),
            parent_id = CASE WHEN id = $4 THEN $5::uuid ELSE parent_id END,
            version = version + 1, updated_at = now()
      WHERE workspace_id = $1 AND path <@ $2::ltree`,
    [workspaceId, `${from.path}.moved`, to.path, subtreeRoot, to.id],
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.rowCount !== SUBTREE_SIZE) throw new Error(`raw move updated ${String(result.rowCount)} rows`);
  return seconds;
}
