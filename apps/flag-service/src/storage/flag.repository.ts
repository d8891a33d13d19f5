import type { FlagDefinition } from '@forecastin/contracts';
import type { DependencyEdges } from '../writes/dependency-graph';
import { FLAG_COLUMNS, type FlagRow } from './flag-row.mapper';
import { updatedRows, type SqlRunner } from './sql-runner';

/** SQL of `flag.flags` and `flag.flag_revision`. Every function runs on the caller's connection or transaction. */
export const flagRepository = {
  /** Takes the writers' lock (the revision row) and returns the revision this transaction will commit. */
  async nextRevision(sql: SqlRunner): Promise<number> {
    const rows = await updatedRows<{ revision: string }>(sql, `UPDATE flag_revision SET revision = revision + 1 RETURNING revision`);
    return Number(rows[0]?.revision);
  },

  async currentRevision(sql: SqlRunner): Promise<number> {
    const rows = await sql.query<Array<{ revision: string }>>(`SELECT revision FROM flag_revision`);
    return Number(rows[0]?.revision ?? 0);
  },

  async find(sql: SqlRunner, key: string, options: { lock?: boolean } = {}): Promise<FlagRow | undefined> {
    const rows = await sql.query<FlagRow[]>(`SELECT ${FLAG_COLUMNS} FROM flags WHERE key = $1${options.lock ? ' FOR UPDATE' : ''}`, [key]);
    return rows[0];
  },

  async all(sql: SqlRunner): Promise<FlagRow[]> {
    return sql.query<FlagRow[]>(`SELECT ${FLAG_COLUMNS} FROM flags ORDER BY key`);
  },

  /** Keys after `afterKey` in byte order (keys are case-sensitive, the column collates "C"). */
  async page(sql: SqlRunner, afterKey: string | undefined, limit: number): Promise<FlagRow[]> {
    return afterKey === undefined
      ? sql.query<FlagRow[]>(`SELECT ${FLAG_COLUMNS} FROM flags ORDER BY key LIMIT $1`, [limit])
      : sql.query<FlagRow[]>(`SELECT ${FLAG_COLUMNS} FROM flags WHERE key > $1 ORDER BY key LIMIT $2`, [afterKey, limit]);
  },

  async dependencyEdges(sql: SqlRunner): Promise<DependencyEdges> {
    const rows = await sql.query<Array<{ key: string; parents: string[] | null }>>(
      `SELECT key, ARRAY(SELECT d->>'flag_key' FROM jsonb_array_elements(dependencies) d) AS parents FROM flags`,
    );
    return new Map(rows.map((row) => [row.key, row.parents ?? []]));
  },

  /** Enabled flags carrying `tag`, locked for the kill that disables them. */
  async enabledWithTag(sql: SqlRunner, tag: string): Promise<FlagRow[]> {
    return sql.query<FlagRow[]>(`SELECT ${FLAG_COLUMNS} FROM flags WHERE tags @> ARRAY[$1]::text[] AND enabled ORDER BY key FOR UPDATE`, [tag]);
  },

  async insert(sql: SqlRunner, key: string, definition: FlagDefinition, stamp: WriteStamp): Promise<FlagRow> {
    const rows = await sql.query<FlagRow[]>(
      `INSERT INTO flags (key, description, type, enabled, strategies, variants, dependencies, tags, version, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::text[], 1, $9, $10)
       RETURNING ${FLAG_COLUMNS}`,
      [key, ...definitionParameters(definition), stamp.by, stamp.at],
    );
    return single(rows);
  },

  async update(sql: SqlRunner, key: string, definition: FlagDefinition, stamp: WriteStamp): Promise<FlagRow> {
    const rows = await updatedRows<FlagRow>(
      sql,
      `UPDATE flags SET description = $2, type = $3, enabled = $4, strategies = $5::jsonb, variants = $6::jsonb,
         dependencies = $7::jsonb, tags = $8::text[], version = version + 1, updated_by = $9, updated_at = $10
       WHERE key = $1 RETURNING ${FLAG_COLUMNS}`,
      [key, ...definitionParameters(definition), stamp.by, stamp.at],
    );
    return single(rows);
  },

  async delete(sql: SqlRunner, key: string): Promise<void> {
    await sql.query(`DELETE FROM flags WHERE key = $1`, [key]);
  },
};

/** Who writes, and when (one timestamp per transaction, shared by the rows and their audit entries). */
export interface WriteStamp {
  readonly by: string;
  readonly at: Date;
}

function definitionParameters(definition: FlagDefinition): unknown[] {
  return [
    definition.description,
    definition.type,
    definition.enabled,
    JSON.stringify(definition.strategies),
    JSON.stringify(definition.variants),
    JSON.stringify(definition.dependencies),
    definition.tags,
  ];
}

function single(rows: FlagRow[]): FlagRow {
  const [row] = rows;
  if (!row) throw new Error('the statement returned no row');
  return row;
}
