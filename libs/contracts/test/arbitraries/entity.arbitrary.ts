import fc from 'fast-check';
import type { Entity } from '../../src';
import { geometryArb } from './geometry.arbitrary';
import { keyArb } from './ltree.arbitrary';

const isoArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Names as the schema keeps them: already trimmed, so they survive parsing unchanged. */
const nameArb = fc.string({ minLength: 1, maxLength: 40 }).map((name) => name.trim()).filter((name) => name.length > 0);

const metadataArb = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((key) => key !== '__proto__'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 4 },
);

/** A valid API `Entity`: path ends in its key, depth matches, parent set exactly when not a root. */
export const entityArb: fc.Arbitrary<Entity> = fc
  .record({
    id: fc.uuid(),
    keys: fc.array(keyArb, { minLength: 1, maxLength: 6 }),
    parent_id: fc.uuid(),
    name: nameArb,
    entity_type: fc.constantFrom('country', 'region', 'city', 'organisation', 'person', 'event'),
    description: fc.option(fc.string({ maxLength: 60 }), { nil: null }),
    location: fc.option(geometryArb, { nil: null }),
    metadata: metadataArb,
    confidence_score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }).map((value) => value + 0), { nil: null }),
    children_count: fc.nat({ max: 10_000 }),
    version: fc.integer({ min: 1, max: 1_000_000 }),
    created_at: isoArb,
    updated_at: isoArb,
  })
  .map(({ keys, parent_id, ...rest }) => ({
    ...rest,
    key: keys[keys.length - 1] ?? 'root',
    path: keys.join('.'),
    path_depth: keys.length,
    parent_id: keys.length > 1 ? parent_id : null,
  }));
