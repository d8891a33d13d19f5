import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, flagKeySchema, type Flag, type FlagAuditEntry, type Page, type PaginationQuery } from '@forecastin/contracts';
import { AppError, SERVICE_CONFIG } from '@forecastin/lifecycle';
import { PostgresDependency } from '@forecastin/persistence';
import { z } from 'zod';
import type { FlagServiceConfig } from '../config/flag-service.config';
import { flagAuditRepository } from '../storage/flag-audit.repository';
import { flagRepository } from '../storage/flag.repository';
import { toFlag } from '../storage/flag-row.mapper';
import { readCursor, toPage } from './page-cursor';

const flagCursorSchema = z.object({ k: flagKeySchema });
// The key is in the audit cursor so a cursor of one flag's history cannot page another's.
const auditCursorSchema = z.object({ k: flagKeySchema, s: z.string().regex(/^\d{1,19}$/) });

/** The admin API's reads: from the database (authoritative), not the evaluation snapshot. */
@Injectable()
export class FlagQueries {
  constructor(
    private readonly postgres: PostgresDependency,
    @Inject(SERVICE_CONFIG) private readonly config: FlagServiceConfig,
  ) {}

  async list(query: PaginationQuery): Promise<Page<Flag>> {
    const after = readCursor(query.cursor, flagCursorSchema, this.config.CURSOR_SIGNING_KEY);
    const rows = await flagRepository.page(this.postgres.dataSource.manager, after?.k, query.limit + 1);
    return toPage(rows, query.limit, toFlag, (last) => ({ k: last.key }), this.config.CURSOR_SIGNING_KEY);
  }

  async get(key: string): Promise<Flag> {
    const row = await flagRepository.find(this.postgres.dataSource.manager, key);
    if (!row) throw new AppError(ErrorCode.RESOURCE_NOT_FOUND, `no flag ${JSON.stringify(key)}`);
    return toFlag(row);
  }

  /** A deleted flag's history stays readable; 404 only when the key never had a flag. */
  async audit(key: string, query: PaginationQuery): Promise<Page<FlagAuditEntry>> {
    const before = readCursor(query.cursor, auditCursorSchema, this.config.CURSOR_SIGNING_KEY);
    if (before && before.k !== key) throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', [{ field: 'cursor', message: 'cursor belongs to another flag' }]);
    const rows = await flagAuditRepository.page(this.postgres.dataSource.manager, key, before?.s, query.limit + 1);
    if (rows.length === 0 && !before) throw new AppError(ErrorCode.RESOURCE_NOT_FOUND, `no flag ${JSON.stringify(key)}`);
    return toPage(rows, query.limit, (row) => row.entry, (last) => ({ k: key, s: last.seq }), this.config.CURSOR_SIGNING_KEY);
  }
}
