import fc from 'fast-check';
import { z } from 'zod';
import { entityArb } from '../../test/arbitraries/entity.arbitrary';
import {
  entityCreatedArb,
  entityDeletedArb,
  entityMovedArb,
  flagUpdateArb,
  hierarchyInvalidationArb,
  platformEventArb,
  scenarioUpdatedArb,
} from '../../test/arbitraries/event.arbitrary';
import { createEventEnvelope } from './create-event-envelope';
import { defineEvent, defineGlobalEvent } from './define-event';
import { entityDeletedEventSchema, entityMovedEventSchema, entityUpdatedEventSchema } from './entity.events';
import { eventEnvelopeSchema } from './event-envelope.schema';
import { EVENT_TYPES, eventSubjectFor, platformEventSchema } from './event-types';
import { featureFlagUpdateEventSchema } from './feature-flag-update.event';
import { hierarchyInvalidationEventSchema } from './hierarchy-invalidation.event';
import { layerUpdateEventSchema } from './layer-update.event';

const WS = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const ENTITY = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('event envelopes', () => {
  it('valid events of every kind parse through their own schema and the union, unchanged after JSON', () => {
    fc.assert(
      fc.property(platformEventArb, (event) => {
        const wire = JSON.parse(JSON.stringify(event)) as unknown;
        expect(platformEventSchema.parse(wire)).toEqual(event);
        expect(eventEnvelopeSchema.parse(wire)).toEqual(event);
      }),
      { numRuns: 150 },
    );
  });

  it('the generic envelope keeps unknown payload fields for routers', () => {
    fc.assert(
      fc.property(hierarchyInvalidationArb, fc.string(), (event, extra) => {
        const withExtra = { ...event, type: 'something_new', extra };
        expect(eventEnvelopeSchema.parse(withExtra)).toEqual(withExtra);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects envelopes with a broken envelope field, at that field', () => {
    const mutations: Array<[string, unknown]> = [
      ['version', '2.0'],
      ['event_id', 'not-a-uuid'],
      ['timestamp', '2026-11-22T10:00:00+02:00'],
      ['timestamp', '22/11/2026'],
      ['correlation_id', 'has space'],
      ['workspace_id', 'acme'],
      ['topic', 'nowhere'],
    ];
    fc.assert(
      fc.property(fc.oneof(hierarchyInvalidationArb, scenarioUpdatedArb, entityCreatedArb), fc.constantFrom(...mutations), (event, [field, value]) => {
        const result = platformEventSchema.safeParse({ ...event, [field]: value });
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
      }),
      { numRuns: 60 },
    );
  });

  it('scopes flag events to "global" and every other event to a workspace uuid', () => {
    fc.assert(
      fc.property(flagUpdateArb, hierarchyInvalidationArb, (flag, hierarchy) => {
        expect(featureFlagUpdateEventSchema.safeParse({ ...flag, workspace_id: WS }).error?.issues[0]?.path).toEqual(['workspace_id']);
        expect(hierarchyInvalidationEventSchema.safeParse({ ...hierarchy, workspace_id: 'global' }).error?.issues[0]?.path).toEqual([
          'workspace_id',
        ]);
      }),
      { numRuns: 20 },
    );
  });

  it('validates payloads: paths, flag keys, layers and features', () => {
    const base = { version: '1.0', event_id: ENTITY, timestamp: '2026-11-22T10:00:00Z', correlation_id: 'req_1', workspace_id: WS };
    const bad = hierarchyInvalidationEventSchema.safeParse({
      ...base,
      type: 'hierarchy_invalidation',
      topic: 'hierarchy:world',
      affected_paths: ['world', 'world.Asia'],
      reason: 'entity_moved',
    });
    expect(bad.error?.issues[0]?.path).toEqual(['affected_paths', 1]);
    const layer = layerUpdateEventSchema.safeParse({
      ...base,
      type: 'layer_update',
      topic: 'layer:entities.country',
      layer_id: 'entities.country',
      action: 'add',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 91] }, properties: null }],
      affected_count: 1,
    });
    expect(layer.error?.issues[0]?.path).toEqual(['features', 0, 'geometry', 'coordinates', 1]);
  });

  it('lists the API.md event types', () => {
    expect([...EVENT_TYPES].sort()).toEqual(
      [
        'entity_created',
        'entity_updated',
        'entity_moved',
        'entity_deleted',
        'hierarchy_invalidation',
        'layer_update',
        'feature_flag_update',
        'feature_flag_deleted',
        'scenario_updated',
      ].sort(),
    );
  });
});

describe('entity events (the contract between entity-service and hierarchy-service)', () => {
  it('carry the full Entity resource as the snapshot: a missing or invalid field is refused at its path', () => {
    const fields = ['name', 'key', 'entity_type', 'parent_id', 'path_depth', 'location', 'metadata', 'children_count', 'version', 'updated_at'] as const;
    fc.assert(
      fc.property(entityCreatedArb, fc.constantFrom(...fields), (event, field) => {
        const entity: Record<string, unknown> = { ...event.entity };
        delete entity[field];
        const result = entityUpdatedEventSchema.safeParse({ ...event, type: 'entity_updated', entity });
        expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(`entity.${field}`);
      }),
      { numRuns: 40 },
    );
  });

  it('moved events need the previous path, the previous parent (uuid or null) and a subtree size of at least 1', () => {
    fc.assert(
      fc.property(entityMovedArb, fc.constantFrom(['previous_path', 'a..b'], ['previous_parent_id', 'x'], ['previous_parent_id', undefined], ['subtree_size', 0], ['subtree_size', 1.5]), (event, [field, value]) => {
        const result = entityMovedEventSchema.safeParse({ ...event, [field]: value });
        expect(result.error?.issues[0]?.path).toEqual([field]);
      }),
      { numRuns: 40 },
    );
  });

  it('deleted events need a subtree size', () => {
    fc.assert(
      fc.property(entityDeletedArb, (event) => {
        expect(entityDeletedEventSchema.parse(event)).toEqual(event);
        expect(entityDeletedEventSchema.safeParse({ ...event, subtree_size: undefined }).error?.issues[0]?.path).toEqual(['subtree_size']);
      }),
      { numRuns: 20 },
    );
  });
});

describe('defineEvent', () => {
  it('builds a typed schema from a payload shape', () => {
    const archived = defineEvent('scenario_archived', { scenario_id: z.uuid() });
    const event = createEventEnvelope(archived, { workspace_id: WS, correlation_id: 'req_1', topic: `scenario:${ENTITY}`, scenario_id: ENTITY });
    expect(archived.parse(event)).toEqual(event);
    expect(archived.safeParse({ ...event, type: 'scenario_updated' }).success).toBe(false);
  });

  it('refuses payload fields that clash with the envelope, and non-snake_case types', () => {
    // The compiler refuses the clash (the directive fails the typecheck if it ever stops); the run-time guard too.
    // @ts-expect-error version is an envelope field
    expect(() => defineEvent('x_happened', { version: z.number() })).toThrow(/envelope field/);
    expect(() => defineGlobalEvent('Flag-Changed', {})).toThrow(/snake_case/);
  });
});

describe('createEventEnvelope', () => {
  it('fills version, event_id, timestamp and type, and validates the payload', () => {
    const now = new Date('2026-11-22T10:00:00.000Z');
    const [entity] = fc.sample(entityArb, { numRuns: 1, seed: 7 });
    if (!entity) throw new Error('no sample');
    const event = createEventEnvelope(
      entityMovedEventSchema,
      {
        workspace_id: WS,
        correlation_id: 'req_abc',
        topic: `entity:${entity.id}`,
        entity_id: entity.id,
        entity,
        previous_path: 'world.japan',
        previous_parent_id: null,
        subtree_size: 3,
      },
      { now },
    );
    expect(event).toMatchObject({ version: '1.0', type: 'entity_moved', timestamp: '2026-11-22T10:00:00.000Z' });
    expect(event.entity).toEqual(entity);
    expect(z.uuid().safeParse(event.event_id).success).toBe(true);
    expect(createEventEnvelope(featureFlagUpdateEventSchema, { workspace_id: 'global', correlation_id: 'c', topic: 'flags', flag_key: 'k', enabled: true, rollout_percentage: null }, { eventId: ENTITY }).event_id).toBe(ENTITY);
  });

  it('throws on an invalid payload', () => {
    expect(() =>
      createEventEnvelope(featureFlagUpdateEventSchema, {
        workspace_id: 'global',
        correlation_id: 'c',
        topic: 'flags',
        flag_key: '-bad',
        enabled: true,
        rollout_percentage: 101,
      }),
    ).toThrow(z.ZodError);
  });
});

describe('eventSubjectFor', () => {
  it('routes each published type to its subject', () => {
    expect(eventSubjectFor({ type: 'entity_moved', workspace_id: WS })).toBe(`evt.${WS}.entity.moved`);
    expect(eventSubjectFor({ type: 'hierarchy_invalidation', workspace_id: WS }, 'p')).toBe(`p.evt.${WS}.hierarchy.invalidated`);
    expect(eventSubjectFor({ type: 'feature_flag_update', workspace_id: 'global' })).toBe('evt.global.flag.updated');
    expect(eventSubjectFor({ type: 'feature_flag_deleted', workspace_id: 'global' })).toBe('evt.global.flag.deleted');
    expect(eventSubjectFor({ type: 'scenario_updated', workspace_id: WS })).toBe(`evt.${WS}.scenario.updated`);
    expect(() => eventSubjectFor({ type: 'layer_update', workspace_id: WS })).toThrow(/not published/);
    expect(() => eventSubjectFor({ type: 'constructor', workspace_id: WS })).toThrow(/not published/);
    expect(() => eventSubjectFor({ type: '__proto__', workspace_id: WS })).toThrow(/not published/);
  });
});
