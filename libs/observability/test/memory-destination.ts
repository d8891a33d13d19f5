import type { DestinationStream } from 'pino';

/** A pino destination that keeps parsed lines in memory. */
export class MemoryDestination implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }

  last(): Record<string, unknown> {
    const line = this.lines.at(-1);
    if (!line) throw new Error('nothing was logged');
    return line;
  }
}
