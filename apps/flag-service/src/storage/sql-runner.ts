/** What the repositories need of a connection: typeorm's EntityManager (inside a transaction) fits. */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}
