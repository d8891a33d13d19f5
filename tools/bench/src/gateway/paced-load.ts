/**
 * wrk has no fixed-rate mode (wrk2 is not packaged), so "half load" is held with a Lua `delay()`
 * hook: each connection waits `delayMs` before its next request, so `connections` connections
 * offer about connections × 1000 / (delayMs + latency) requests/s — the same offered load for
 * every server, and well under saturation so latency is not queueing.
 */
export function pacedScript(delayMs: number): string {
  return `function delay()\n  return ${Math.max(0, Math.round(delayMs))}\nend\n`;
}

/** Per-connection delay that offers `targetRps` over `connections` connections. */
export function delayFor(targetRps: number, connections: number): number {
  return (connections * 1000) / targetRps;
}
