import { randomUUID } from 'node:crypto';
import { API_VERSION, eventEnvelopeSchema, type EventEnvelope } from '@forecastin/contracts';

export const BENCH_WORKSPACE = '0e5b2f0c-7a4d-4b8e-9f1a-2c3d4e5f6a7b';
/** A test-only event type has no route in contracts: both sides publish it on this subject. */
export const BENCH_SUBJECT = `evt.${BENCH_WORKSPACE}.bench.outbox`;

/**
 * `count` events of an entity-event-sized envelope (~600 bytes) spread over `aggregates`
 * aggregates round-robin: with many aggregates the relay's waves are full, with few they are short.
 */
export function benchEvents(count: number, aggregates: number): EventEnvelope[] {
  const ids = Array.from({ length: aggregates }, () => randomUUID());
  return Array.from({ length: count }, (_, index) =>
    eventEnvelopeSchema.parse({
      version: API_VERSION,
      event_id: randomUUID(),
      type: 'outbox_bench',
      timestamp: new Date().toISOString(),
      correlation_id: `req_${randomUUID().replaceAll('-', '')}`,
      workspace_id: BENCH_WORKSPACE,
      topic: `entity:${ids[index % aggregates] as string}`,
      entity_id: ids[index % aggregates],
      entity: {
        id: ids[index % aggregates],
        path: 'world.europe.france.paris',
        name: 'Paris',
        entity_type: 'city',
        metadata: { population: 2_102_650, sources: ['insee', 'un'], note: 'x'.repeat(200) },
        confidence: 0.93,
        version: Math.floor(index / aggregates) + 1,
      },
    }),
  );
}
