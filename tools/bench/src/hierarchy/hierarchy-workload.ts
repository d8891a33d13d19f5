import { randomUUID } from 'node:crypto';
import {
  createEventEnvelope,
  entityCreatedEventSchema,
  entityMovedEventSchema,
  type Entity,
  type EntityCreatedEvent,
  type EntityMovedEvent,
} from '@forecastin/contracts';

interface WorkloadNode {
  readonly id: string;
  readonly key: string;
  parentId: string | null;
  path: string;
}

function snapshot(node: WorkloadNode, version: number): Entity {
  const now = new Date().toISOString();
  return {
    id: node.id,
    name: `Node ${node.key}`,
    key: node.key,
    entity_type: node.path.includes('.') ? 'region' : 'world',
    description: null,
    parent_id: node.parentId,
    path: node.path,
    path_depth: node.path.split('.').length,
    location: null,
    metadata: {},
    confidence_score: null,
    children_count: 0,
    version,
    created_at: now,
    updated_at: now,
  };
}

/**
 * A tree of `size` created nodes under a few roots (parents drawn at random among earlier nodes,
 * depth ≤ 8), then a separate root `mover` with a 4,000-node subtree (fan-out 16) for the move
 * visibility measurement. Deterministic shape, fresh ids.
 */
export function hierarchyWorkload(workspaceId: string, size: number) {
  const nodes: WorkloadNode[] = [];
  const events: EntityCreatedEvent[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const add = (key: string, parent: WorkloadNode | undefined): WorkloadNode => {
    const node: WorkloadNode = { id: randomUUID(), key, parentId: parent?.id ?? null, path: parent ? `${parent.path}.${key}` : key };
    nodes.push(node);
    events.push(
      createEventEnvelope(entityCreatedEventSchema, {
        workspace_id: workspaceId,
        correlation_id: 'req_bench',
        topic: `entity:${node.id}`,
        entity_id: node.id,
        entity: snapshot(node, 1),
      }),
    );
    return node;
  };
  for (let index = 0; index < size; index++) {
    const candidates = nodes.slice(-500).filter((node) => node.path.split('.').length < 8);
    const parent = index < 4 || random() < 0.01 ? undefined : candidates[Math.floor(random() * candidates.length)];
    add(`n${index}`, parent);
  }
  const mover = add('mover', undefined);
  const level: WorkloadNode[] = [mover];
  for (let index = 1, cursor = 0; index < 4000; index++) {
    const parent = level[Math.floor(cursor / 16)] as WorkloadNode;
    level.push(add(`m${index}`, parent));
    cursor += 1;
  }
  const deepest = level[level.length - 1] as WorkloadNode;
  const deepestSuffix = deepest.path.slice(mover.path.length);
  let version = 1;
  /** Moves `mover` under `parent` (or back to the roots): one event, and where its deepest node is then. */
  const move = (parent: WorkloadNode | null): { event: EntityMovedEvent; deepestPath: string } => {
    const previousPath = mover.path;
    const previousParent = mover.parentId;
    mover.parentId = parent?.id ?? null;
    mover.path = parent ? `${parent.path}.mover` : 'mover';
    version += 1;
    const event = createEventEnvelope(entityMovedEventSchema, {
      workspace_id: workspaceId,
      correlation_id: 'req_bench_move',
      topic: `entity:${mover.id}`,
      entity_id: mover.id,
      entity: snapshot(mover, version),
      previous_path: previousPath,
      previous_parent_id: previousParent,
      subtree_size: 4000,
    });
    return { event, deepestPath: `${mover.path}${deepestSuffix}` };
  };
  /**
   * The parent of the n-th move: a different node each time, so a move's new paths never existed
   * before in the run. (Alternating between two places let the entries cached two moves earlier at
   * the same paths answer the visibility check while the previous move's invalidation was still
   * running: a stale hit, measured as a 2 ms "move".)
   */
  const moveParent = (index: number): WorkloadNode => nodes[index % Math.min(nodes.length, 64)] as WorkloadNode;
  return { events, move, moveParent, deepestPath: deepest.path, samplePath: (nodes[Math.floor(size / 2)] as WorkloadNode).path };
}
