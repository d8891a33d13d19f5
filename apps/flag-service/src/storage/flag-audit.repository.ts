import { randomUUID } from 'node:crypto';
import type { FlagAuditEntry } from '@forecastin/contracts';
import type { FlagDiff } from '../writes/flag-diff';
import type { WriteStamp } from './flag.repository';
import type { SqlRunner } from './sql-runner';

export type AuditAction = FlagAuditEntry['action'];

export interface AuditRecord {
  readonly flagKey: string;
  readonly action: AuditAction;
  readonly diff: FlagDiff;
  /** The flag's version after the change (its last version for a deletion). */
  readonly flagVersion: number;
}

interface AuditRow {
  seq: string;
  id: string;
  flag_key: string;
  action: AuditAction;
  changed_by: string;
  changed_at: Date;
  diff: FlagAuditEntry['diff'];
}

/** SQL of `flag.flag_audit`, always written in the transaction of the change it records. */
export const flagAuditRepository = {
  async append(sql: SqlRunner, records: readonly AuditRecord[], stamp: WriteStamp): Promise<void> {
    if (records.length === 0) return;
    await sql.query(
      `INSERT INTO flag_audit (id, flag_key, action, changed_by, changed_at, flag_version, diff)
       SELECT id, flag_key, action, $4, $5, flag_version, diff
       FROM unnest($1::uuid[], $2::text[], $3::text[], $6::int[], $7::jsonb[]) AS t(id, flag_key, action, flag_version, diff)`,
      [
        records.map(() => randomUUID()),
        records.map((record) => record.flagKey),
        records.map((record) => record.action),
        stamp.by,
        stamp.at,
        records.map((record) => record.flagVersion),
        records.map((record) => JSON.stringify(record.diff)),
      ],
    );
  },

  /** Newest first; `beforeSeq` continues a page. `seq` is returned for the next cursor. */
  async page(sql: SqlRunner, key: string, beforeSeq: string | undefined, limit: number): Promise<Array<{ seq: string; entry: FlagAuditEntry }>> {
    const columns = 'seq, id, flag_key, action, changed_by, changed_at, diff';
    const rows =
      beforeSeq === undefined
        ? await sql.query<AuditRow[]>(`SELECT ${columns} FROM flag_audit WHERE flag_key = $1 ORDER BY seq DESC LIMIT $2`, [key, limit])
        : await sql.query<AuditRow[]>(`SELECT ${columns} FROM flag_audit WHERE flag_key = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`, [key, beforeSeq, limit]);
    return rows.map((row) => ({
      seq: String(row.seq),
      entry: { id: row.id, flag_key: row.flag_key, action: row.action, changed_by: row.changed_by, changed_at: row.changed_at.toISOString(), diff: row.diff },
    }));
  },
};
