/** Where `rebuild` takes the tree from (README "Commands"). */
export const REBUILD_SOURCES = ['auto', 'stream', 'entity-service'] as const;
export type RebuildSource = (typeof REBUILD_SOURCES)[number];

export interface RebuildOptions {
  readonly from: RebuildSource;
}

export const REBUILD_USAGE = `usage: rebuild [--from ${REBUILD_SOURCES.join('|')}]`;

function isSource(value: string | undefined): value is RebuildSource {
  return REBUILD_SOURCES.some((source) => source === value);
}

/** `rebuild --from entity-service` / `--from=stream`; anything else is refused with the usage. */
export function parseRebuildArgs(args: readonly string[]): RebuildOptions {
  let from: RebuildSource = 'auto';
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    let value: string | undefined;
    if (arg === '--from') {
      index += 1;
      value = args[index];
    } else if (arg.startsWith('--from=')) value = arg.slice('--from='.length);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}: ${REBUILD_USAGE}`);
    if (!isSource(value)) throw new Error(`--from must be one of ${REBUILD_SOURCES.join(', ')} (got ${JSON.stringify(value ?? '')}): ${REBUILD_USAGE}`);
    from = value;
  }
  return { from };
}

/** `auto`: the stream while it still starts at sequence 1 (it holds every event), else entity-service. */
export function resolveRebuildSource(from: RebuildSource, streamFirstSequence: number): Exclude<RebuildSource, 'auto'> {
  if (from !== 'auto') return from;
  return streamFirstSequence > 1 ? 'entity-service' : 'stream';
}
