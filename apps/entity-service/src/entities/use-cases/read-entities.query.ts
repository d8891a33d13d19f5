import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  decodeCursor,
  encodeCursor,
  ErrorCode,
  InvalidCursorError,
  ltreePathSchema,
  parseBbox,
  type Entity,
  type EntityListQuery,
  type Page,
} from '@forecastin/contracts';
import { AppError, SERVICE_CONFIG } from '@forecastin/lifecycle';
import { PostgresDependency, withTenant } from '@forecastin/persistence';
import { z } from 'zod';
import type { EntityServiceConfig } from '../../config/entity-config.schema';
import { EntityRepository, type ListFilters } from '../store/entity.repository';
import { toEntity } from '../store/entity-row';

/**
 * A list cursor: the last path served and a digest of the filters it was issued for, so a cursor
 * replayed with other filters is refused (400) instead of silently paging another result set.
 */
const cursorSchema = z.strictObject({ after: ltreePathSchema, filters: z.string().length(16) });

const invalidCursor = (message: string): AppError =>
  new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid cursor', [{ field: 'cursor', message }]);

function readCursor(cursor: string, key: string): z.infer<typeof cursorSchema> {
  try {
    return decodeCursor(cursor, cursorSchema, key);
  } catch (error: unknown) {
    if (error instanceof InvalidCursorError) throw invalidCursor(error.message);
    throw error;
  }
}

function filtersOf(query: EntityListQuery): ListFilters {
  return {
    entityType: query.entity_type,
    parentId: query.parent_id?.toLowerCase(),
    path: query.path,
    bbox: query.bbox === undefined ? undefined : parseBbox(query.bbox),
    q: query.q,
  };
}

function filtersDigest(filters: ListFilters): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('hex').slice(0, 16);
}

/** GET /api/v1/entities(/{id}) and the rpc.entity.* lookups: reads scoped to one workspace. */
@Injectable()
export class ReadEntitiesQuery {
  private readonly entities = new EntityRepository();
  private readonly cursorKey: string;

  constructor(
    private readonly postgres: PostgresDependency,
    @Inject(SERVICE_CONFIG) config: EntityServiceConfig,
  ) {
    this.cursorKey = config.CURSOR_SIGNING_KEY;
  }

  async get(workspaceId: string, id: string): Promise<Entity | undefined> {
    const row = await withTenant(this.postgres.dataSource, workspaceId, (manager) => this.entities.findById(manager, workspaceId, id));
    return row && toEntity(row);
  }

  /** The entities found, in the order asked (each once), and the ids that are not there. */
  async getMany(workspaceId: string, ids: readonly string[]): Promise<{ items: Entity[]; missing: string[] }> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const rows = await withTenant(this.postgres.dataSource, workspaceId, (manager) => this.entities.findMany(manager, workspaceId, unique));
    const byId = new Map(rows.map((row) => [row.id, toEntity(row)]));
    return {
      items: unique.flatMap((id) => byId.get(id) ?? []),
      missing: unique.filter((id) => !byId.has(id)),
    };
  }

  /** One page in path order; a forged cursor, or one issued for other filters, is a 400 on `cursor`. */
  async list(workspaceId: string, query: EntityListQuery): Promise<Page<Entity>> {
    const filters = filtersOf(query);
    const digest = filtersDigest(filters);
    const key = this.cursorKey;
    let after: string | undefined;
    if (query.cursor !== undefined) {
      const cursor = readCursor(query.cursor, key);
      if (cursor.filters !== digest) throw invalidCursor('cursor was issued for other filters');
      after = cursor.after;
    }
    const rows = await withTenant(this.postgres.dataSource, workspaceId, (manager) =>
      this.entities.list(manager, workspaceId, filters, after, query.limit + 1),
    );
    const items = rows.slice(0, query.limit).map(toEntity);
    const last = items[items.length - 1];
    const hasMore = rows.length > query.limit && last !== undefined;
    return { items, has_more: hasMore, next_cursor: hasMore ? encodeCursor({ after: last.path, filters: digest }, key) : null };
  }
}

