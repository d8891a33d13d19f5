import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('joins lines split across chunks, strips CR and keeps the tail until flush', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"msg":"a"}\r\n{"ms');
    splitter.push(Buffer.from('g":"b"}\nlast'));
    expect(lines).toEqual(['{"msg":"a"}', '{"msg":"b"}']);
    splitter.flush();
    expect(lines).toEqual(['{"msg":"a"}', '{"msg":"b"}', 'last']);
  });

  it('cuts a runaway line into bounded pieces', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 4);
    splitter.push('abcdefghij');
    expect(lines).toEqual(['abcd', 'efgh']);
    splitter.flush();
    expect(lines).toEqual(['abcd', 'efgh', 'ij']);
  });
});
