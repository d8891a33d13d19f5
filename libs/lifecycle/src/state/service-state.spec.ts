import { ServiceState } from './service-state';

describe('ServiceState', () => {
  it('follows starting → running → stopping → stopped and tells listeners', () => {
    const state = new ServiceState();
    const seen: string[] = [];
    state.onChange((from, to) => seen.push(`${from}>${to}`));
    expect(state.transition('running')).toBe(true);
    expect(state.transition('stopping')).toBe(true);
    expect(state.transition('stopped')).toBe(true);
    expect(seen).toEqual(['starting>running', 'running>stopping', 'stopping>stopped']);
  });

  it('never goes back to running once stopping', () => {
    const state = new ServiceState();
    state.transition('stopping');
    expect(state.transition('running')).toBe(false);
    expect(state.current).toBe('stopping');
  });
});
