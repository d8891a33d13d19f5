/**
 * Turns stream chunks into whole lines. A chunk may end mid-line; that tail is kept until the next
 * chunk or `flush()`. A line longer than `maxLineLength` is emitted in pieces so one runaway log
 * line cannot grow the buffer without bound.
 */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength = 64 * 1024,
  ) {}

  push(chunk: Buffer | string): void {
    this.pending += chunk.toString();
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.onLine(this.pending.slice(0, newline).replace(/\r$/, ''));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    while (this.pending.length > this.maxLineLength) {
      this.onLine(this.pending.slice(0, this.maxLineLength));
      this.pending = this.pending.slice(this.maxLineLength);
    }
  }

  flush(): void {
    if (this.pending.length > 0) this.onLine(this.pending);
    this.pending = '';
  }
}
