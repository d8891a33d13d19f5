import { cpuUsOfStat, processCpuUs, profileWindow, type CpuProfile } from './cpu-time';

describe('cpuUsOfStat', () => {
  it('adds utime and stime (ticks of 10 ms) after a command name holding spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 500 0 0';
    expect(cpuUsOfStat(stat)).toBe((250 + 75) * 10_000);
  });

  it('reads this process where /proc exists', () => {
    const used = processCpuUs(process.pid);
    if (used !== undefined) expect(used).toBeGreaterThanOrEqual(0);
    expect(processCpuUs(-1)).toBeUndefined();
  });
});

describe('profileWindow', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      { id: 3, callFrame: { functionName: 'claim', url: 'file:///x/node-fast-path.js', lineNumber: 9 } },
      { id: 4, callFrame: { functionName: '', url: 'node:internal/http', lineNumber: 0 } },
    ],
    startTime: 1_000,
    // Samples at 1,100 (claim), 1,200 (idle), 1,300 (claim), 1,400 (anonymous), 1,500 (claim).
    samples: [3, 2, 3, 4, 3],
    timeDeltas: [100, 100, 100, 100, 100],
  };

  it('counts non-idle samples inside the window, each for the time to the next one, with self time per function', () => {
    const window = profileWindow(profile, { startUs: 1_150, endUs: 1_450 });
    expect(window.busyUs).toBe(200);
    expect(window.selfUs).toEqual([
      ['claim node-fast-path.js:10', 100],
      ['(anonymous) http:1', 100],
    ]);
  });

  it('is empty outside the profile', () => {
    expect(profileWindow(profile, { startUs: 5_000, endUs: 6_000 })).toEqual({ busyUs: 0, selfUs: [] });
  });
});
