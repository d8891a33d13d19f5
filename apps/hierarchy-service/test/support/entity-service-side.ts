import type { Client } from 'pg';
import { CONSISTENCY_TOKEN_HEADER } from '@forecastin/contracts';
import { DEV_IDENTITY_SIGNING_KEY, signIdentity } from '@forecastin/lifecycle';
import type { ExpectedNode } from './entity-tree.model';

/** A node row with its workspace, for comparisons that span workspaces. */
export type WorkspaceNode = ExpectedNode & { workspace_id: string };

export interface EntityWriteAnswer {
  status: number;
  body: { id?: string };
  token: string | null;
}

/** A write to the built entity-service as the gateway forwards it (signed identity, analyst), merge-patch for PATCH. */
export async function writeEntity(baseUrl: string, workspaceId: string, method: string, url: string, body?: unknown): Promise<EntityWriteAnswer> {
  const identity = signIdentity(
    { sub: 'analyst-1', workspace_id: workspaceId, roles: ['analyst'], request_id: 'req_hier_e2e', exp: Math.floor(Date.now() / 1000) + 300 },
    DEV_IDENTITY_SIGNING_KEY,
  );
  const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { 'x-forecastin-identity': identity, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { id?: string }) : {}, token: response.headers.get(CONSISTENCY_TOKEN_HEADER) };
}

/**
 * The ids of a workspace's entities in path order: a seeded random pick among them then makes the
 * same writes every run (keys come from step numbers; ids are random, so id order is not stable).
 */
export async function entityIdsInPathOrder(sql: Client, workspaceId: string): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>('SELECT id FROM entity.entities WHERE workspace_id = $1 ORDER BY path', [workspaceId]);
  return rows.map((row) => row.id);
}

/** The trees as entity-service has them (one workspace, or all), with counts recomputed from the paths. */
export async function recomputedTrees(sql: Client, workspaceId?: string): Promise<WorkspaceNode[]> {
  const { rows } = await sql.query<WorkspaceNode>(
    `SELECT e.workspace_id, e.id, e.path::text AS path, e.key, e.name, e.entity_type, e.path_depth AS depth, e.parent_id,
            (SELECT count(*)::int FROM entity.entities c WHERE c.workspace_id = e.workspace_id AND c.parent_id = e.id) AS children_count,
            (SELECT count(*)::int - 1 FROM entity.entities d WHERE d.workspace_id = e.workspace_id AND d.path <@ e.path) AS descendant_count
       FROM entity.entities e WHERE $1::uuid IS NULL OR e.workspace_id = $1 ORDER BY e.workspace_id, e.id`,
    [workspaceId ?? null],
  );
  return rows;
}

/** The read model's rows (one workspace, or all), in the same shape and order as `recomputedTrees`. */
export async function readModelTrees(sql: Client, workspaceId?: string): Promise<WorkspaceNode[]> {
  const { rows } = await sql.query<WorkspaceNode>(
    `SELECT workspace_id, id, path::text AS path, key, name, entity_type, depth, parent_id, children_count, descendant_count
       FROM hierarchy.nodes WHERE $1::uuid IS NULL OR workspace_id = $1 ORDER BY workspace_id, id`,
    [workspaceId ?? null],
  );
  return rows;
}
