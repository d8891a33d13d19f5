import fc from 'fast-check';
import { EVENTS_STREAM, RPC_OPERATIONS, type RpcService } from './subject-names.constants';
import {
  aggregateEventsSubject,
  allEventsSubject,
  cacheInvalidateSubject,
  eventSubject,
  parseEventSubject,
  rpcSubject,
  serviceRpcSubject,
  withSubjectPrefix,
  workspaceEventsSubject,
} from './subject.builders';
import { isSubjectToken } from './subject-token';

const WS = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

describe('subjects', () => {
  it('builds the names ARCHITECTURE.md lists', () => {
    expect(EVENTS_STREAM).toBe('EVENTS');
    expect(eventSubject(WS, 'entity', 'created')).toBe(`evt.${WS}.entity.created`);
    expect(eventSubject('global', 'flag', 'updated')).toBe('evt.global.flag.updated');
    expect(rpcSubject('hierarchy', 'descendants')).toBe('rpc.hierarchy.descendants');
    expect(cacheInvalidateSubject('hierarchy')).toBe('cache.invalidate.hierarchy');
    expect(allEventsSubject()).toBe('evt.>');
    expect(workspaceEventsSubject(WS)).toBe(`evt.${WS}.>`);
    expect(aggregateEventsSubject('entity')).toBe('evt.*.entity.*');
    expect(serviceRpcSubject('entity')).toBe('rpc.entity.*');
  });

  it('lists the rpc operations known so far', () => {
    const all = (Object.keys(RPC_OPERATIONS) as RpcService[]).flatMap((service) =>
      RPC_OPERATIONS[service].map((operation: string) => `rpc.${service}.${operation}`),
    );
    expect(all.sort()).toEqual(
      [
        'rpc.entity.get',
        'rpc.entity.batch_get',
        'rpc.entity.snapshot_open',
        'rpc.entity.snapshot_page',
        'rpc.entity.snapshot_close',
        'rpc.hierarchy.node',
        'rpc.hierarchy.ancestors',
        'rpc.hierarchy.descendants',
        'rpc.flag.snapshot',
      ].sort(),
    );
  });

  it('prefixes every builder the same way', () => {
    const prefix = 't_4f2a.run1';
    expect(eventSubject(WS, 'scenario', 'updated', prefix)).toBe(`${prefix}.evt.${WS}.scenario.updated`);
    expect(rpcSubject('entity', 'batch_get', prefix)).toBe(`${prefix}.rpc.entity.batch_get`);
    expect(cacheInvalidateSubject('flag', prefix)).toBe(`${prefix}.cache.invalidate.flag`);
    expect(allEventsSubject(prefix)).toBe(`${prefix}.evt.>`);
    expect(withSubjectPrefix('', 'evt.>')).toBe('evt.>');
    expect(withSubjectPrefix(undefined, 'evt.>')).toBe('evt.>');
  });

  it.each(['a..b', '.a', 'a.', 'a*', '>', 'a b', 'tab\there'])('rejects the prefix %j', (prefix) => {
    expect(() => withSubjectPrefix(prefix, 'evt.>')).toThrow(TypeError);
  });

  it('rejects tokens with separators, wildcards or whitespace', () => {
    for (const action of ['created.now', '*', '>', 'a b', '', 'x\n']) {
      expect(() => eventSubject(WS, 'entity', action)).toThrow(TypeError);
    }
    expect(() => eventSubject('not-a-uuid', 'entity', 'created')).toThrow(TypeError);
    expect(() => eventSubject('*', 'entity', 'created')).toThrow(TypeError);
    expect(() => rpcSubject('entity', 'drop' as 'get')).toThrow(TypeError);
    fc.assert(
      fc.property(fc.string(), (token) => {
        expect(isSubjectToken(token)).toBe(token.length > 0 && token.length <= 128 && !/[.*>\s]/.test(token));
      }),
    );
  });

  it('lowercases workspace uuids so one workspace has one subject', () => {
    expect(eventSubject(WS.toUpperCase(), 'entity', 'created')).toBe(`evt.${WS}.entity.created`);
  });

  it('parses what it builds, under the same prefix only', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('entity', 'hierarchy', 'scenario') as fc.Arbitrary<'entity'>, fc.stringMatching(/^[a-z_]{1,20}$/), (ws, aggregate, action) => {
        expect(parseEventSubject(eventSubject(ws, aggregate, action, 'p1'), 'p1')).toEqual({ workspaceId: ws.toLowerCase(), aggregate, action });
      }),
      { numRuns: 50 },
    );
    expect(parseEventSubject(`evt.${WS}.entity.created`, 'p1')).toBeUndefined();
    expect(parseEventSubject('rpc.entity.get')).toBeUndefined();
    expect(parseEventSubject('evt.a.b.c.d')).toBeUndefined();
  });
});
