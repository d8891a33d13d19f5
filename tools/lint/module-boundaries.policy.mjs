// Which project may import which, derived from Nx tags (ARCHITECTURE.md "Module boundaries").
// Pure functions over the project list so the matrix itself is testable without ESLint.

/** @typedef {import('./nx-projects.reader.mjs').NxProject} NxProject */

/** Types each project type may import from its production code. Nothing may import apps or tools. */
const SOURCE_IMPORTS = {
  app: ['contracts', 'lib'],
  contracts: [],
  lib: ['contracts', 'lib'],
  testing: ['contracts', 'lib', 'testing'],
  tool: ['contracts', 'lib', 'testing'],
};

/** Extra types reachable from test files (`*.spec.ts`, `*.int-spec.ts`, `*.e2e-spec.ts`, `test/**`). */
const TEST_ONLY_IMPORTS = {
  app: ['testing'],
  contracts: [],
  lib: ['testing'],
  testing: [],
  tool: [],
};

/** @param {NxProject} from @param {NxProject} to */
function scopeAllows(from, to) {
  return to.scope === 'shared' || to.scope === from.scope;
}

/**
 * @param {NxProject[]} projects
 * @param {NxProject} from
 * @param {'source' | 'test'} fileKind
 * @returns {string[]} names of the projects `from` may import (through their entry point)
 */
export function allowedTargets(projects, from, fileKind) {
  const types = new Set(SOURCE_IMPORTS[from.type]);
  if (fileKind === 'test') for (const type of TEST_ONLY_IMPORTS[from.type]) types.add(type);
  return projects
    .filter((to) => to.name !== from.name && types.has(to.type) && scopeAllows(from, to))
    .map((to) => to.name)
    .sort();
}
