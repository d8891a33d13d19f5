import type { Bbox, Geometry } from '@forecastin/contracts';
import { preparedStatement, queryPrepared, type PreparedStatement } from '@forecastin/persistence';
import type { EntityManager } from 'typeorm';
import { ENTITY_COLUMNS, geometryFromGeoJson, NEW_ENTITY_COLUMNS } from './entity-columns.sql';
import type { EntityRow } from './entity-row';

/** The writable fields of an entity (for an existing one, after a merge patch was applied). */
export interface EntityFields {
  name: string;
  entityType: string;
  description: string | null;
  location: Geometry | null;
  metadata: Record<string, unknown>;
  confidenceScore: number | null;
}

/** Everything stored for a new entity; its path is the parent's path + key, derived by the INSERT. */
export interface NewEntityRow extends EntityFields {
  id: string;
  parentId: string | null;
  key: string;
}

/** Where the root of a subtree ends up (move or key rename). */
export interface Relocation {
  oldPath: string;
  newPath: string;
  parentId: string | null;
  key: string;
}

export interface ListFilters {
  entityType?: string;
  parentId?: string;
  path?: string;
  bbox?: Bbox;
  q?: string;
}

/** `%`, `_` and `\` match literally in the name search. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** typeorm answers UPDATE and DELETE with `[rows, affectedCount]` (SELECT and INSERT with the rows). */
async function modified<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const [rows] = await manager.query<[T[], number]>(sql, parameters);
  return rows;
}

const locationJson = (location: Geometry | null): string | null => (location === null ? null : JSON.stringify(location));

const insertStatements = new Map<string, PreparedStatement>();

/**
 * The create's INSERT (parent's path read by the statement itself), one per shape and depth limit,
 * prepared: it is the service's hottest write, so each pooled connection parses and plans it once.
 */
function insertStatement(root: boolean, maxDepth: number): PreparedStatement {
  const cacheKey = `${root}:${maxDepth}`;
  const cached = insertStatements.get(cacheKey);
  if (cached) return cached;
  const [path, source] = root
    ? ['$4::text::public.ltree', '(VALUES (1)) AS root (one)']
    : [`p.path || $4::text::public.ltree`, `entities p WHERE p.workspace_id = $1 AND p.id = $3 AND p.path_depth < ${maxDepth}`];
  const statement = preparedStatement(
    `INSERT INTO entities AS e (workspace_id, id, parent_id, key, name, entity_type, description, path, location, geom, metadata, confidence_score)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, ${path}, $8::text::json, ${geometryFromGeoJson('$8')}, $9::jsonb, $10::float8
       FROM ${source}
     ON CONFLICT (workspace_id, path) DO NOTHING
     RETURNING ${NEW_ENTITY_COLUMNS}`,
  );
  insertStatements.set(cacheKey, statement);
  return statement;
}

/**
 * SQL of the `entities` table. Every method runs on the manager of a `withTenant()` transaction
 * and also filters by workspace explicitly (row-level security is the second fence, not the first).
 * All input is bound as parameters; ltree values are validated by the contracts before they get here.
 */
export class EntityRepository {
  /** `update` locks the row for a write; `key share` keeps it (as a parent) from being deleted meanwhile. */
  async findById(manager: EntityManager, workspaceId: string, id: string, lock?: 'update' | 'key share'): Promise<EntityRow | undefined> {
    const locking = lock === undefined ? '' : `FOR ${lock.toUpperCase()} OF e`;
    const rows = await manager.query<EntityRow[]>(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.workspace_id = $1 AND e.id = $2 ${locking}`, [
      workspaceId,
      id,
    ]);
    return rows[0];
  }

  async findMany(manager: EntityManager, workspaceId: string, ids: readonly string[]): Promise<EntityRow[]> {
    return manager.query<EntityRow[]>(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.workspace_id = $1 AND e.id = ANY($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }

  /**
   * Inserts in one statement, deriving the path from the parent's (read by the INSERT itself, which
   * saves the separate parent read of a create). Nothing is inserted, and undefined answered, when
   * the parent is missing, already at `maxDepth`, or a sibling has the key: `whyNotInserted` says which.
   * The parent FK's own check locks the parent row FOR KEY SHARE; its path cannot change meanwhile
   * because moves and renames wait on the tree lock the create holds.
   */
  async insert(manager: EntityManager, workspaceId: string, row: NewEntityRow, maxDepth: number): Promise<EntityRow | undefined> {
    if (!Number.isInteger(maxDepth)) throw new RangeError(`maxDepth must be an integer, got ${maxDepth}`);
    const { rows } = await queryPrepared<EntityRow>(manager, insertStatement(row.parentId === null, maxDepth), [
      workspaceId,
      row.id,
      row.parentId,
      row.key,
      row.name,
      row.entityType,
      row.description,
      locationJson(row.location),
      JSON.stringify(row.metadata),
      row.confidenceScore,
    ]);
    return rows[0];
  }

  /** After `insert` answered undefined (inside the same tree lock): the parent's depth, or undefined when it does not exist. */
  async parentDepth(manager: EntityManager, workspaceId: string, parentId: string): Promise<number | undefined> {
    const rows = await manager.query<Array<{ path_depth: number }>>(`SELECT path_depth FROM entities WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      parentId,
    ]);
    return rows[0]?.path_depth;
  }

  /** Writes the fields of one entity (and, when given, its new place) and bumps its version. */
  async updateRoot(manager: EntityManager, workspaceId: string, id: string, fields: EntityFields, relocation?: Relocation): Promise<EntityRow> {
    const rows = await modified<EntityRow>(
      manager,
      `UPDATE entities e SET
         name = $3, entity_type = $4, description = $5, location = $6::text::json, geom = ${geometryFromGeoJson('$6')},
         metadata = $7::jsonb, confidence_score = $8,
         path = coalesce($9::text::public.ltree, e.path), key = coalesce($10, e.key),
         parent_id = CASE WHEN $11::boolean THEN $12::uuid ELSE e.parent_id END,
         version = e.version + 1, updated_at = now()
       WHERE e.workspace_id = $1 AND e.id = $2
       RETURNING ${ENTITY_COLUMNS}`,
      [
        workspaceId,
        id,
        fields.name,
        fields.entityType,
        fields.description,
        locationJson(fields.location),
        JSON.stringify(fields.metadata),
        fields.confidenceScore,
        relocation?.newPath ?? null,
        relocation?.key ?? null,
        relocation !== undefined,
        relocation?.parentId ?? null,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`entity ${id} vanished inside its own locked transaction`);
    return row;
  }

  /**
   * Rewrites the paths of every descendant of `oldPath` to lie under `newPath`, in one statement,
   * bumping their versions (their representation changed). The root itself is `updateRoot`'s job.
   */
  async relocateDescendants(manager: EntityManager, workspaceId: string, oldPath: string, newPath: string): Promise<void> {
    await manager.query(
      `UPDATE entities e
         SET path = $3::text::public.ltree || public.subpath(e.path, public.nlevel($2::text::public.ltree)),
             version = e.version + 1, updated_at = now()
       WHERE e.workspace_id = $1 AND e.path <@ $2::text::public.ltree AND e.path <> $2::text::public.ltree`,
      [workspaceId, oldPath, newPath],
    );
  }

  async pathTaken(manager: EntityManager, workspaceId: string, path: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM entities WHERE workspace_id = $1 AND path = $2::text::public.ltree`, [workspaceId, path]);
    return rows.length > 0;
  }

  /** Number of entities in the subtree at `path` (root included) and its deepest level. */
  async subtreeStats(manager: EntityManager, workspaceId: string, path: string): Promise<{ size: number; maxDepth: number }> {
    const rows = await manager.query<Array<{ size: number; max_depth: number }>>(
      `SELECT count(*)::int AS size, coalesce(max(path_depth), 0)::int AS max_depth
         FROM entities WHERE workspace_id = $1 AND path <@ $2::text::public.ltree`,
      [workspaceId, path],
    );
    return { size: rows[0]?.size ?? 0, maxDepth: rows[0]?.max_depth ?? 0 };
  }

  /** Deletes the subtree at `path` in one statement (the parent foreign key is checked at its end). */
  async deleteSubtree(manager: EntityManager, workspaceId: string, path: string): Promise<number> {
    const rows = await modified<unknown>(manager, `DELETE FROM entities WHERE workspace_id = $1 AND path <@ $2::text::public.ltree RETURNING 1`, [
      workspaceId,
      path,
    ]);
    return rows.length;
  }

  /** One page in path order (depth-first), strictly after `afterPath`; `limit` rows at most. */
  async list(manager: EntityManager, workspaceId: string, filters: ListFilters, afterPath: string | undefined, limit: number): Promise<EntityRow[]> {
    const parameters: unknown[] = [workspaceId];
    const bind = (value: unknown): string => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    const where = ['e.workspace_id = $1'];
    if (filters.entityType !== undefined) where.push(`e.entity_type = ${bind(filters.entityType)}`);
    if (filters.parentId !== undefined) where.push(`e.parent_id = ${bind(filters.parentId)}::uuid`);
    if (filters.path !== undefined) where.push(`e.path <@ ${bind(filters.path)}::text::public.ltree`);
    if (filters.bbox !== undefined) {
      const [minLon, minLat, maxLon, maxLat] = filters.bbox.map((value) => bind(value));
      const envelope = `public.ST_MakeEnvelope(${minLon}::float8, ${minLat}::float8, ${maxLon}::float8, ${maxLat}::float8, 4326)`;
      where.push(`e.geom && ${envelope} AND public.ST_Intersects(e.geom, ${envelope})`);
    }
    if (filters.q !== undefined) where.push(`e.name ILIKE ${bind(likeContains(filters.q))} ESCAPE '\\'`);
    if (afterPath !== undefined) where.push(`e.path > ${bind(afterPath)}::text::public.ltree`);
    return manager.query<EntityRow[]>(
      `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE ${where.join(' AND ')} ORDER BY e.path LIMIT ${bind(limit)}`,
      parameters,
    );
  }
}
