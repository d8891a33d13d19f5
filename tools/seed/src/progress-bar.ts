/**
 * A one-line progress bar on a TTY (redrawn in place), or a line per 10 % elsewhere (CI logs, pipes),
 * with the rate so far and the time left at that rate.
 */
export function progressBar(stream: NodeJS.WriteStream, label: string): { update(done: number, total: number): void; finish(): void } {
  const started = performance.now();
  let lastDecile = -1;
  const render = (done: number, total: number): string => {
    const fraction = total === 0 ? 1 : done / total;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    return `${label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s eta ${eta.toFixed(0)}s`;
  };
  return {
    update(done, total) {
      if (stream.isTTY) {
        stream.write(`\r${render(done, total)}`);
        return;
      }
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${render(done, total)}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
