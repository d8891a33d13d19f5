import type { Client, Notification } from 'pg';
import { withTimeout } from '@forecastin/lifecycle';
import type { OutboxNames } from './outbox-names';

/** One outbox row as the relay publishes it. */
export interface OutboxRow {
  readonly id: string;
  readonly eventId: string;
  /** Without the NATS prefix. */
  readonly subject: string;
  readonly orderingKey: string;
  /** The event envelope as JSON text. */
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PendingStats {
  readonly pending: number;
  /** Age of the oldest committed, unpublished row; 0 when there is none. */
  readonly oldestAgeMs: number;
}

export interface RelaySessionSettings {
  readonly url: string;
  readonly names: OutboxNames;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

interface RawRow {
  id: string;
  event_id: string;
  subject: string;
  ordering_key: string;
  payload: string;
  headers: Record<string, unknown> | null;
}

export class RelaySessionBrokenError extends Error {
  constructor(cause: unknown) {
    super(`outbox relay database session failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RelaySessionBrokenError';
  }
}

/**
 * The relay's own Postgres connection (not a pooled one): leadership is a session-level advisory
 * lock, so it lives exactly as long as this connection. When the connection or the process dies,
 * Postgres ends the backend and the lock is free for another instance; and since the leader reads
 * and deletes rows on this same connection, a leader that lost its session cannot keep working.
 */
export class RelaySession {
  private failure: unknown;

  private constructor(
    private readonly client: Client,
    private readonly settings: RelaySessionSettings,
  ) {}

  static async open(settings: RelaySessionSettings, onNotification: () => void): Promise<RelaySession> {
    // pg is loaded on the first session, not with the package: services without an outbox
    // (realtime-service) import @forecastin/messaging too, and pg costs ~70 ms and several MB at start.
    const pg = await import('pg');
    const client = new pg.Client({
      connectionString: settings.url,
      application_name: `forecastin-${settings.names.schema}-outbox-relay`,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      keepAlive: true,
      // Server- and client-side bounds: a stuck query must turn into an error, never a relay that hangs.
      statement_timeout: settings.queryTimeoutMs,
      query_timeout: settings.queryTimeoutMs + 1000,
    });
    const session = new RelaySession(client, settings);
    // A dropped socket while idle arrives as an 'error' event; it must mark the session, not crash the process.
    client.on('error', (error) => {
      session.failure ??= error;
    });
    client.on('notification', (message: Notification) => {
      if (message.channel === settings.names.channel) onNotification();
    });
    try {
      await client.connect();
    } catch (error: unknown) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** Throws when the connection reported an error (its lock, if any, is gone or going). */
  assertHealthy(): void {
    if (this.failure !== undefined) throw new RelaySessionBrokenError(this.failure);
  }

  async tryLock(): Promise<boolean> {
    const result = await this.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
      this.settings.names.lockKey,
    ]);
    return result[0]?.locked === true;
  }

  async listen(): Promise<void> {
    await this.query(`LISTEN ${this.settings.names.channel}`);
  }

  /** The oldest committed rows, in id order. */
  async fetch(limit: number): Promise<OutboxRow[]> {
    const rows = await this.query<RawRow>(
      // pg hands int8 and uuid over as strings. No `id::text AS id`: ORDER BY would then sort the
      // text alias ('1000' < '301'), which the durability test caught as reordered events.
      `SELECT id, event_id, subject, ordering_key, payload::text AS payload, headers
         FROM ${this.settings.names.table} ORDER BY ${this.settings.names.table}.id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      subject: row.subject,
      orderingKey: row.ordering_key,
      payload: row.payload,
      headers: Object.fromEntries(Object.entries(row.headers ?? {}).map(([name, value]) => [name, String(value)])),
    }));
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.query(`DELETE FROM ${this.settings.names.table} WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async pendingStats(): Promise<PendingStats> {
    const rows = await this.query<{ pending: string; oldest_ms: number }>(
      `SELECT count(*)::text AS pending,
              COALESCE(extract(epoch FROM clock_timestamp() - min(created_at)) * 1000, 0)::float8 AS oldest_ms
         FROM ${this.settings.names.table}`,
    );
    const row = rows[0];
    return { pending: Number(row?.pending ?? 0), oldestAgeMs: Math.max(0, Math.round(row?.oldest_ms ?? 0)) };
  }

  /** Ends the connection, which also releases the advisory lock. Never throws. */
  async close(): Promise<void> {
    try {
      await withTimeout(this.client.end(), this.settings.connectTimeoutMs, 'closing the outbox relay session');
    } catch {
      // Already broken or unresponsive: the server frees the lock when it notices the socket is gone.
    }
  }

  private async query<R>(sql: string, parameters?: unknown[]): Promise<R[]> {
    this.assertHealthy();
    try {
      const result = await this.client.query(sql, parameters);
      return result.rows as R[];
    } catch (error: unknown) {
      // A failed statement on this connection leaves its state uncertain; the relay reconnects.
      this.failure ??= error;
      throw new RelaySessionBrokenError(error);
    }
  }
}
