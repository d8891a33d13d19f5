/** The last `capacity` lines a service printed, for the report when it fails to start. */
export class OutputRing {
  private readonly lines: string[] = [];

  constructor(private readonly capacity: number) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  snapshot(): readonly string[] {
    return [...this.lines];
  }
}
