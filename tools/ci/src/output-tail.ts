/** Keeps the last `limit` characters of a long stream: Nx prints its failure summary at the end. */
export class OutputTail {
  private text = '';

  constructor(private readonly limit: number) {}

  add(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }

  toString(): string {
    return this.text.slice(-this.limit);
  }
}
