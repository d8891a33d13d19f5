import type { FlagDefinition } from '@forecastin/contracts';
import { diffFlags } from './flag-diff';

const flag: FlagDefinition = { description: '', type: 'release', enabled: false, strategies: [], variants: [], dependencies: [], tags: ['a'] };

describe('diffFlags', () => {
  it('lists only the changed fields of an update', () => {
    expect(diffFlags(flag, { ...flag, enabled: true, tags: ['a', 'b'] })).toEqual({ enabled: { from: false, to: true }, tags: { from: ['a'], to: ['a', 'b'] } });
    expect(diffFlags(flag, { ...flag, tags: ['a'] })).toEqual({});
  });

  it('has no `from` for a creation and no `to` for a deletion', () => {
    expect(diffFlags(undefined, flag).enabled).toEqual({ to: false });
    expect(diffFlags(flag, undefined).tags).toEqual({ from: ['a'] });
    expect(Object.keys(diffFlags(undefined, flag))).toHaveLength(7);
  });
});
