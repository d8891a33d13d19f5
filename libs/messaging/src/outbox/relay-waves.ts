/**
 * End (exclusive) of the wave that starts at `start`: the longest run of rows, at most
 * `maxInFlight`, in which no ordering key appears twice. The relay publishes a wave's rows
 * concurrently and waits for every ack before the next wave, so two rows of one aggregate are never
 * in flight together: if one publish fails and a later one of the same aggregate would have
 * succeeded, the stream would hold them out of order. Rows keep their id order within and across waves.
 */
export function waveEnd(rows: readonly { readonly orderingKey: string }[], start: number, maxInFlight: number): number {
  const seen = new Set<string>();
  let end = start;
  while (end < rows.length && end - start < maxInFlight) {
    const key = (rows[end] as { readonly orderingKey: string }).orderingKey;
    if (seen.has(key)) break;
    seen.add(key);
    end++;
  }
  return end;
}
