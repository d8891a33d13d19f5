import { filledNodeId, zipfSampler } from './hierarchy-zipf';

describe('zipfSampler', () => {
  it('draws each rank with probability ∝ 1/(rank+1)^s', () => {
    // Evenly spaced uniform numbers over [0, 1): the counts are the weights' shares, up to rounding.
    const draws = 120_000;
    let step = 0;
    const sample = zipfSampler(4, 1, () => (step++ + 0.5) / draws);
    const counts = [0, 0, 0, 0];
    for (let index = 0; index < draws; index++) {
      const rank = sample();
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    const total = 1 + 1 / 2 + 1 / 3 + 1 / 4;
    const expected = [1, 1 / 2, 1 / 3, 1 / 4].map((weight) => (draws * weight) / total);
    counts.forEach((count, rank) => expect(Math.abs(count - (expected[rank] ?? 0))).toBeLessThanOrEqual(1));
  });

  it('stays within the ranks at the ends of the uniform range', () => {
    const ends = [0, 0.999999999];
    const sample = zipfSampler(10, 1.1, () => ends.shift() ?? 0);
    expect([sample(), sample()]).toEqual([0, 9]);
  });
});

describe('filledNodeId', () => {
  it('is what the SQL fill computes for the same node (hierarchy_bench_id)', () => {
    // SELECT overlay(overlay(md5('w/r1.c2') PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid on the Postgres here.
    expect(filledNodeId('w', 'r1.c2')).toBe('35c2659a-eb25-492a-86dc-9dc35c886f70');
  });
});
