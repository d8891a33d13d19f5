/** What the repositories need of a connection: typeorm's EntityManager (inside a transaction) fits. */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * The rows of an `UPDATE … RETURNING`: typeorm's Postgres driver answers UPDATE and DELETE with
 * `[rows, affectedCount]` but SELECT and INSERT with the rows alone.
 */
export async function updatedRows<T>(sql: SqlRunner, text: string, parameters?: unknown[]): Promise<T[]> {
  const result = await sql.query<unknown[]>(text, parameters);
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
