import fc from 'fast-check';
import { entityArb } from './entity.arbitrary';
import { pathArb } from './ltree.arbitrary';

export const timestampArb = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

export const requestIdArb = fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/);

const envelopeBase = {
  version: fc.constant('1.0' as const),
  event_id: fc.uuid(),
  timestamp: timestampArb,
  correlation_id: requestIdArb,
};

export const hierarchyInvalidationArb = fc.record({
  ...envelopeBase,
  type: fc.constant('hierarchy_invalidation' as const),
  workspace_id: fc.uuid(),
  topic: pathArb.map((path) => `hierarchy:${path}`),
  affected_paths: fc.array(pathArb, { minLength: 1, maxLength: 5 }),
  reason: fc.constantFrom('entity_created', 'entity_updated', 'entity_moved', 'entity_deleted', 'rebuild'),
});

export const flagUpdateArb = fc.record({
  ...envelopeBase,
  type: fc.constant('feature_flag_update' as const),
  workspace_id: fc.constant('global'),
  topic: fc.constant('flags'),
  flag_key: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
  enabled: fc.boolean(),
  rollout_percentage: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  revision: fc.integer({ min: 1, max: 1_000_000 }),
});

export const flagDeletedArb = fc.record({
  ...envelopeBase,
  type: fc.constant('feature_flag_deleted' as const),
  workspace_id: fc.constant('global'),
  topic: fc.constant('flags'),
  flag_key: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
  revision: fc.integer({ min: 1, max: 1_000_000 }),
});

export const scenarioUpdatedArb = fc.record({
  ...envelopeBase,
  type: fc.constant('scenario_updated' as const),
  workspace_id: fc.uuid(),
  topic: fc.uuid().map((id) => `scenario:${id}`),
  scenario_id: fc.uuid(),
  scenario_version: fc.integer({ min: 1, max: 1_000_000 }),
  changed_by: fc.string({ minLength: 1, maxLength: 40 }),
  changes: fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), { maxLength: 5 }),
});

/** The envelope of an entity event: topic `entity:<id>`, `entity_id` = the snapshot's id. */
function entityEventArb<T extends string>(type: T) {
  return fc.record({ ...envelopeBase, workspace_id: fc.uuid(), entity: entityArb }).map(({ entity, ...rest }) => ({
    ...rest,
    type,
    topic: `entity:${entity.id}`,
    entity_id: entity.id,
    entity,
  }));
}

export const entityCreatedArb = entityEventArb('entity_created');
export const entityUpdatedArb = entityEventArb('entity_updated');
export const entityMovedArb = fc
  .record({ event: entityEventArb('entity_moved'), previous_path: pathArb, previous_parent_id: fc.option(fc.uuid(), { nil: null }), subtree_size: fc.integer({ min: 1, max: 1_000_000 }) })
  .map(({ event, ...payload }) => ({ ...event, ...payload }));
export const entityDeletedArb = fc
  .record({ event: entityEventArb('entity_deleted'), subtree_size: fc.integer({ min: 1, max: 1_000_000 }) })
  .map(({ event, subtree_size }) => ({ ...event, subtree_size }));

export const platformEventArb = fc.oneof(
  hierarchyInvalidationArb,
  flagUpdateArb,
  flagDeletedArb,
  scenarioUpdatedArb,
  entityCreatedArb,
  entityUpdatedArb,
  entityMovedArb,
  entityDeletedArb,
);
