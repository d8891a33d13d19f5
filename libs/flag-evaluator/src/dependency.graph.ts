import type { FlagDefinitionInput } from './flag-evaluation.types';

/** Evaluation follows dependencies recursively; deeper chains than this are off rather than a stack overflow. */
export const MAX_DEPENDENCY_DEPTH = 64;

type FlagsByKey = ReadonlyMap<string, FlagDefinitionInput>;

/**
 * Keys of flags whose dependencies can never be satisfied: one names a flag that does not exist,
 * the flag sits on a dependency cycle (flag-service refuses both on write, but a snapshot can
 * still hold one, e.g. after a parent was deleted), or its chain of parents is deeper than
 * MAX_DEPENDENCY_DEPTH. Such a flag is off; and because every flag on a cycle is in this set,
 * evaluation that follows the remaining edges cannot loop.
 */
export function unsatisfiableFlags(flags: FlagsByKey): Set<string> {
  const broken = new Set<string>();
  for (const flag of flags.values()) {
    if (flag.dependencies.some((dependency) => !flags.has(dependency.flag_key))) broken.add(flag.key);
  }
  for (const key of flagsOnCycles(flags)) broken.add(key);
  for (const key of flagsTooDeep(flags, broken)) broken.add(key);
  return broken;
}

function existingParents(flags: FlagsByKey, key: string): string[] {
  return (flags.get(key)?.dependencies ?? []).map((dependency) => dependency.flag_key).filter((parent) => flags.has(parent));
}

/**
 * Flags more than MAX_DEPENDENCY_DEPTH evaluated levels above a root. An unsatisfiable flag ends a
 * chain (it answers without evaluating its parents), and so does a flag found too deep.
 */
function flagsTooDeep(flags: FlagsByKey, broken: ReadonlySet<string>): string[] {
  const depth = new Map<string, number>();
  const tooDeep: string[] = [];
  for (const root of flags.keys()) {
    const stack = [root];
    while (stack.length > 0) {
      const key = stack[stack.length - 1] as string;
      if (depth.has(key)) {
        stack.pop();
        continue;
      }
      const parents = broken.has(key) ? [] : existingParents(flags, key);
      const pending = parents.filter((parent) => !depth.has(parent));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      const levels = parents.reduce((deepest, parent) => Math.max(deepest, (depth.get(parent) as number) + 1), 0);
      if (levels > MAX_DEPENDENCY_DEPTH) tooDeep.push(key);
      depth.set(key, levels > MAX_DEPENDENCY_DEPTH ? 0 : levels);
    }
  }
  return tooDeep;
}

/** Tarjan's strongly connected components, iteratively (deep chains must not overflow the stack). */
function flagsOnCycles(flags: FlagsByKey): string[] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const onCycles: string[] = [];
  let counter = 0;
  const parentsOf = (key: string): string[] => existingParents(flags, key);

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
