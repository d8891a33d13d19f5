import { ErrorCode } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { etagMatches, flagEtag } from '../http/entity-tag';
import type { FlagRow } from '../storage/flag-row.mapper';

/** 404 when the flag does not exist. */
export function requireFlag(row: FlagRow | undefined, key: string): FlagRow {
  if (!row) throw new AppError(ErrorCode.RESOURCE_NOT_FOUND, `no flag ${JSON.stringify(key)}`);
  return row;
}

/** 412 when `If-Match` was sent and does not name the stored version (optimistic concurrency). */
export function requireVersion(row: FlagRow, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && !etagMatches(ifMatch, flagEtag(row.version))) {
    throw new AppError(ErrorCode.PRECONDITION_FAILED, `flag ${JSON.stringify(row.key)} is at version ${row.version}, not ${ifMatch}`);
  }
}
