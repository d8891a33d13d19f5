import { parseRebuildArgs, resolveRebuildSource } from './rebuild-options';

describe('rebuild arguments', () => {
  it('reads --from in both spellings, auto by default', () => {
    expect(parseRebuildArgs([])).toEqual({ from: 'auto' });
    expect(parseRebuildArgs(['--from', 'entity-service'])).toEqual({ from: 'entity-service' });
    expect(parseRebuildArgs(['--from=stream'])).toEqual({ from: 'stream' });
    expect(parseRebuildArgs(['--from=auto'])).toEqual({ from: 'auto' });
  });

  it.each([[['--from']], [['--from=']], [['--from', 'entities']], [['--from=STREAM']], [['stream']], [['--force']]])('refuses %j with the usage', (args) => {
    expect(() => parseRebuildArgs(args)).toThrow(/usage: rebuild \[--from auto\|stream\|entity-service\]/);
  });

  it('auto: the stream while it starts at sequence 1 (or is empty), entity-service once older events are gone', () => {
    expect(resolveRebuildSource('auto', 1)).toBe('stream');
    expect(resolveRebuildSource('auto', 0)).toBe('stream');
    expect(resolveRebuildSource('auto', 2)).toBe('entity-service');
    expect(resolveRebuildSource('stream', 500)).toBe('stream');
    expect(resolveRebuildSource('entity-service', 1)).toBe('entity-service');
  });
});
