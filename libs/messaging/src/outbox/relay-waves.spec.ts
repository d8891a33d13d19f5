import fc from 'fast-check';
import { defaultOrderingKey } from './ordering-key';
import { outboxNames } from './outbox-names';
import { waveEnd } from './relay-waves';

const rows = (...keys: string[]) => keys.map((orderingKey) => ({ orderingKey }));

describe('waveEnd', () => {
  it('stops before the first repeated key, and at maxInFlight', () => {
    expect(waveEnd(rows('a', 'b', 'c'), 0, 10)).toBe(3);
    expect(waveEnd(rows('a', 'b', 'a', 'c'), 0, 10)).toBe(2);
    expect(waveEnd(rows('a', 'b', 'a', 'c'), 2, 10)).toBe(4);
    expect(waveEnd(rows('a', 'a', 'a'), 0, 10)).toBe(1);
    expect(waveEnd(rows('a', 'b', 'c', 'd'), 0, 2)).toBe(2);
    expect(waveEnd(rows(), 0, 10)).toBe(0);
  });

  it('cuts any list into consecutive waves, each with distinct keys, covering every row once in order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (keys, max) => {
        const list = rows(...keys);
        const covered: string[] = [];
        for (let start = 0; start < list.length; ) {
          const end = waveEnd(list, start, max);
          expect(end).toBeGreaterThan(start);
          const wave = keys.slice(start, end);
          expect(wave.length).toBeLessThanOrEqual(max);
          expect(new Set(wave).size).toBe(wave.length);
          covered.push(...wave);
          start = end;
        }
        expect(covered).toEqual(keys);
      }),
      { numRuns: 200 },
    );
  });
});

describe('defaultOrderingKey', () => {
  it('names the aggregate of API.md events, else falls back to the subject', () => {
    expect(defaultOrderingKey({ entity_id: 'e1', entity: {} }, 'evt.w.entity.updated')).toBe('entity:e1');
    expect(defaultOrderingKey({ scenario_id: 's1' }, 'evt.w.scenario.updated')).toBe('scenario:s1');
    expect(defaultOrderingKey({ flag_key: 'new-ui' }, 'evt.global.flag.updated')).toBe('flag:new-ui');
    expect(defaultOrderingKey({ affected_paths: ['world'] }, 'evt.w.hierarchy.invalidated')).toBe('evt.w.hierarchy.invalidated');
  });
});

describe('outboxNames', () => {
  it('derives every identifier from a schema name that needs no quoting, and refuses others', () => {
    expect(outboxNames('entity')).toEqual({
      schema: 'entity',
      table: 'entity.outbox',
      notifyFunction: 'entity.outbox_notify',
      channel: 'forecastin_outbox_entity',
      lockKey: 'forecastin:outbox-relay:entity',
    });
    for (const bad of ['Entity', 'entity;drop', '1entity', '', 'a"b']) expect(() => outboxNames(bad)).toThrow(/invalid outbox schema/);
  });
});
