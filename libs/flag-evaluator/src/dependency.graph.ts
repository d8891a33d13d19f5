import type { FlagDefinitionInput } from './flag-evaluation.types';

/**
 * Keys of flags whose dependencies can never be satisfied: one names a flag that does not exist,
 * or the flag sits on a dependency cycle (flag-service refuses both on write, but a snapshot can
 * still hold one, e.g. after a parent was deleted). Such a flag is off; and because every flag on a
 * cycle is in this set, evaluation that follows the remaining edges cannot loop.
 */
export function unsatisfiableFlags(flags: ReadonlyMap<string, FlagDefinitionInput>): Set<string> {
  const broken = new Set<string>();
  for (const flag of flags.values()) {
    if (flag.dependencies.some((dependency) => !flags.has(dependency.flag_key))) broken.add(flag.key);
  }
  for (const key of flagsOnCycles(flags)) broken.add(key);
  return broken;
}

/** Tarjan's strongly connected components, iteratively (deep chains must not overflow the stack). */
function flagsOnCycles(flags: ReadonlyMap<string, FlagDefinitionInput>): string[] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const onCycles: string[] = [];
  let counter = 0;
  const parentsOf = (key: string): string[] => (flags.get(key)?.dependencies ?? []).map((dependency) => dependency.flag_key).filter((parent) => flags.has(parent));

  for (const root of flags.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ key: string; parents: string[]; next: number }> = [];
    const visit = (key: string): void => {
      index.set(key, counter);
      lowLink.set(key, counter);
      counter += 1;
      stack.push(key);
      onStack.add(key);
      work.push({ key, parents: parentsOf(key), next: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.next < frame.parents.length) {
        const parent = frame.parents[frame.next] as string;
        frame.next += 1;
        if (!index.has(parent)) visit(parent);
        else if (onStack.has(parent)) lowLink.set(frame.key, Math.min(lowLink.get(frame.key) as number, index.get(parent) as number));
        continue;
      }
      work.pop();
      const caller = work[work.length - 1];
      if (caller) lowLink.set(caller.key, Math.min(lowLink.get(caller.key) as number, lowLink.get(frame.key) as number));
      if (lowLink.get(frame.key) !== index.get(frame.key)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.key);
      const selfLoop = component.length === 1 && parentsOf(frame.key).includes(frame.key);
      if (component.length > 1 || selfLoop) onCycles.push(...component);
    }
  }
  return onCycles;
}
