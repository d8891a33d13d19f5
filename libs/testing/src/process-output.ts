import type { Readable } from 'node:stream';

const MAX_LINES = 10_000;

/** Collects a child's output as lines (bounded, so a chatty service cannot exhaust the test's memory). */
export class ProcessOutput {
  private readonly lines: string[] = [];
  private readonly partial = new Map<Readable, string>();

  attach(stream: Readable): void {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const text = (this.partial.get(stream) ?? '') + chunk;
      const parts = text.split('\n');
      this.partial.set(stream, parts.pop() ?? '');
      for (const line of parts) this.push(line);
    });
    stream.on('end', () => {
      const rest = this.partial.get(stream);
      if (rest) this.push(rest);
      this.partial.delete(stream);
    });
  }

  all(): string[] {
    return [...this.lines];
  }

  /** Lines that parse as JSON objects: the pino log records. */
  json(): Array<Record<string, unknown>> {
    const records: Array<Record<string, unknown>> = [];
    for (const line of this.lines) {
      if (!line.startsWith('{')) continue;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) records.push(value as Record<string, unknown>);
      } catch {
        // Not a log record (e.g. a pretty-printed object); kept in all() only.
      }
    }
    return records;
  }

  private push(line: string): void {
    this.lines.push(line.replace(/\r$/, ''));
    if (this.lines.length > MAX_LINES) this.lines.shift();
  }
}

/** The child's environment: the test's own, minus Jest's NODE_ENV=test (services validate NODE_ENV), plus overrides. */
export function childEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged['NODE_ENV'];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
