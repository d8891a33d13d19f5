import { randomUUID } from 'node:crypto';
import {
  createEventEnvelope,
  entityCreatedEventSchema,
  entityDeletedEventSchema,
  entityMovedEventSchema,
  entityUpdatedEventSchema,
  type Entity,
  type EventEnvelope,
} from '@forecastin/contracts';

interface ModelEntity {
  id: string;
  key: string;
  name: string;
  entity_type: string;
  parentId: string | null;
  version: number;
}

/** The read-model row a correct projection must hold for an entity of the model. */
export interface ExpectedNode {
  id: string;
  path: string;
  key: string;
  name: string;
  entity_type: string;
  depth: number;
  parent_id: string | null;
  children_count: number;
  descendant_count: number;
}

const TYPES = ['region', 'country', 'city', 'organisation'];

/** A tiny deterministic PRNG, so a failing seed reproduces. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent model of the entity tree (the write side, as entity-service keeps it) that emits
 * contract-valid entity events for each change: the oracle the projection is compared with.
 */
export class EntityTreeModel {
  private readonly entities = new Map<string, ModelEntity>();
  private counter = 0;

  constructor(readonly workspaceId: string) {}

  get size(): number {
    return this.entities.size;
  }

  ids(): string[] {
    return [...this.entities.keys()];
  }

  pathOf(id: string): string {
    const labels: string[] = [];
    for (let current = this.entities.get(id); current; current = current.parentId ? this.entities.get(current.parentId) : undefined) {
      labels.unshift(current.key);
    }
    return labels.join('.');
  }

  private subtree(id: string): string[] {
    const result = [id];
    for (let index = 0; index < result.length; index++) {
      for (const entity of this.entities.values()) if (entity.parentId === result[index]) result.push(entity.id);
    }
    return result;
  }

  private uniqueKey(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  create(parentId: string | null, name?: string, key?: string, entityType?: string): EventEnvelope {
    const k = key ?? this.uniqueKey('n');
    const entity: ModelEntity = { id: randomUUID(), key: k, name: name ?? `Node ${k}`, entity_type: entityType ?? TYPES[this.counter % TYPES.length] ?? 'region', parentId, version: 1 };
    this.entities.set(entity.id, entity);
    return createEventEnvelope(entityCreatedEventSchema, this.fields(entity));
  }

  rename(id: string, name: string): EventEnvelope {
    const entity = this.require(id);
    entity.name = name;
    entity.version += 1;
    return createEventEnvelope(entityUpdatedEventSchema, this.fields(entity));
  }

  /** A move (new parent) or a key rename (new key): one entity_moved for the subtree root. */
  move(id: string, parentId: string | null, newKey?: string): EventEnvelope {
    const entity = this.require(id);
    const previousPath = this.pathOf(id);
    const previousParent = entity.parentId;
    entity.parentId = parentId;
    if (newKey !== undefined) entity.key = newKey;
    entity.version += 1;
    return createEventEnvelope(entityMovedEventSchema, {
      ...this.fields(entity),
      previous_path: previousPath,
      previous_parent_id: previousParent,
      subtree_size: this.subtree(id).length,
    });
  }

  delete(id: string): EventEnvelope {
    const entity = this.require(id);
    const subtree = this.subtree(id);
    const fields = { ...this.fields(entity), subtree_size: subtree.length };
    for (const member of subtree) this.entities.delete(member);
    return createEventEnvelope(entityDeletedEventSchema, fields);
  }

  /** Ids a node may move under without creating a cycle (null = to the roots). */
  validParents(id: string): Array<string | null> {
    const banned = new Set(this.subtree(id));
    return [null, ...this.ids().filter((candidate) => !banned.has(candidate))];
  }

  /** One random change; `random` drives every choice. */
  randomChange(random: () => number): EventEnvelope {
    const ids = this.ids();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const roll = random();
    if (ids.length < 3 || roll < 0.45) return this.create(ids.length === 0 || random() < 0.1 ? null : pick(ids));
    const id = pick(ids);
    if (roll < 0.6) return this.rename(id, `Renamed ${this.uniqueKey('r')}`);
    if (roll < 0.75) return this.move(id, this.pathOf(id).includes('.') ? this.require(id).parentId : null, this.uniqueKey('k'));
    if (roll < 0.9) return this.move(id, pick(this.validParents(id)));
    return this.delete(id);
  }

  expected(): ExpectedNode[] {
    const result: ExpectedNode[] = [];
    for (const entity of this.entities.values()) {
      const path = this.pathOf(entity.id);
      const subtree = this.subtree(entity.id);
      result.push({
        id: entity.id,
        path,
        key: entity.key,
        name: entity.name,
        entity_type: entity.entity_type,
        depth: path.split('.').length,
        parent_id: entity.parentId,
        children_count: [...this.entities.values()].filter((other) => other.parentId === entity.id).length,
        descendant_count: subtree.length - 1,
      });
    }
    return result.sort((a, b) => a.id.localeCompare(b.id));
  }

  private require(id: string): ModelEntity {
    const entity = this.entities.get(id);
    if (!entity) throw new Error(`no entity ${id}`);
    return entity;
  }

  /** The event fields of the agreed contract: the full Entity resource as it is after the write. */
  private fields(entity: ModelEntity) {
    const path = this.pathOf(entity.id);
    const now = new Date().toISOString();
    const snapshot: Entity = {
      id: entity.id,
      name: entity.name,
      key: entity.key,
      entity_type: entity.entity_type,
      description: null,
      parent_id: entity.parentId,
      path,
      path_depth: path.split('.').length,
      location: null,
      metadata: {},
      confidence_score: null,
      children_count: [...this.entities.values()].filter((other) => other.parentId === entity.id).length,
      version: entity.version,
      created_at: now,
      updated_at: now,
    };
    return {
      entity_id: entity.id,
      entity: snapshot,
      workspace_id: this.workspaceId,
      correlation_id: 'req_model',
      topic: `entity:${entity.id}`,
    };
  }
}
