import { OutputTail } from './output-tail';

describe('OutputTail', () => {
  it('keeps only the last characters of a long stream', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 100; i += 1) tail.add(`line ${i}\n`);
    expect(tail.toString()).toBe('line 98\nline 99\n'.slice(-10));
    expect(tail.toString()).toHaveLength(10);
  });
});
