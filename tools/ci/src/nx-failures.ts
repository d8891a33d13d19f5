export interface NxFailures {
  readonly failed: readonly string[];
  /** Not run because a dependency failed, or stopped before they finished. */
  readonly notRun: readonly string[];
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const SECTIONS: readonly { readonly prefix: string; readonly into: 'failed' | 'notRun' }[] = [
  { prefix: 'Failed tasks:', into: 'failed' },
  { prefix: 'Tasks not run because', into: 'notRun' },
  { prefix: 'Tasks stopped before they finished:', into: 'notRun' },
];

/** Reads the task lists of the closing summary that `nx run-many` prints when something failed. */
export function parseNxFailures(output: string): NxFailures {
  const found = { failed: new Set<string>(), notRun: new Set<string>() };
  let section: 'failed' | 'notRun' | undefined;
  for (const raw of output.replace(ANSI, '').split('\n')) {
    const line = raw.trim();
    const header = SECTIONS.find((candidate) => line.startsWith(candidate.prefix));
    if (header !== undefined) {
      section = header.into;
      continue;
    }
    if (line === '' || section === undefined) continue;
    const task = /^- (\S+:\S+)$/.exec(line)?.[1];
    if (task === undefined) section = undefined;
    else found[section].add(task);
  }
  return { failed: [...found.failed].sort(), notRun: [...found.notRun].sort() };
}
