// ESLint flat-config blocks that enforce the module boundaries with eslint-plugin-boundaries.
// Each Nx project is one boundaries element (its type is the project name); the allow-list of each
// project is computed from tags in module-boundaries.policy.mjs. Everything not allowed is denied.
import boundaries from 'eslint-plugin-boundaries';
import { allowedTargets } from './module-boundaries.policy.mjs';
import { noRelativeCrossProjectImport } from './no-relative-cross-project-import.rule.mjs';

/** @typedef {import('./nx-projects.reader.mjs').NxProject} NxProject */

/** The only file of another project that may be imported: its public entry point. */
export const ENTRY_POINT = 'src/index.ts';

export const TEST_FILE_PATTERNS = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '{apps,libs,tools}/*/test/**',
];

/** @param {NxProject} project */
function describe(project) {
  return `${project.name} (scope:${project.scope}, type:${project.type})`;
}

/** @param {string[]} names */
function packageList(names) {
  return names.length === 0 ? 'nothing of ours' : names.map((name) => `@forecastin/${name}`).join(', ');
}

/** @param {NxProject} from @param {string[]} fromSource @param {string[]} fromTests */
function allowMessage(from, fromSource, fromTests) {
  const tests = fromTests.length === 0 ? '' : `; its test files also ${packageList(fromTests)}`;
  return (
    `${describe(from)} may import ${packageList(fromSource)}${tests}, ` +
    `each only through its entry point (${ENTRY_POINT}); ` +
    `this import reaches "{{to.element.type}}" file "{{to.element.fileInternalPath}}"`
  );
}

/**
 * @param {NxProject[]} projects
 * @returns {import('eslint').Linter.Config['rules']}
 */
function dependencyPolicies(projects) {
  const policies = [];
  for (const from of projects) {
    const fromSource = allowedTargets(projects, from, 'source');
    const fromTests = allowedTargets(projects, from, 'test').filter((name) => !fromSource.includes(name));
    // Deny-all first so a violation carries this project's allow-list; the allows below override it.
    policies.push({
      from: { element: { type: from.name } },
      disallow: { to: { element: { type: '*' } } },
      message: allowMessage(from, fromSource, fromTests),
    });
    if (fromSource.length > 0) {
      policies.push({
        from: { element: { type: from.name } },
        allow: { to: { element: { type: fromSource, fileInternalPath: ENTRY_POINT } } },
      });
    }
    if (fromTests.length > 0) {
      policies.push({
        from: { element: { type: from.name }, file: { categories: 'test' } },
        allow: { to: { element: { type: fromTests, fileInternalPath: ENTRY_POINT } } },
      });
    }
  }
  return {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          '"{{from.element.type}}" may not import "{{to.element.type}}" ({{to.file.internalPath}}): ' +
          'see the module boundaries in ARCHITECTURE.md',
        policies,
      },
    ],
    // Anything local that is not inside a known project (or does not resolve at all) is an error.
    'boundaries/no-unknown-dependencies': ['error', { require: 'element' }],
    'boundaries/no-unknown-files': 'error',
    'boundaries/no-ignored-dependencies': 'error',
  };
}

/**
 * @param {NxProject[]} projects
 * @param {{ files: string[], ignores?: string[], tsconfig: string, rootPath: string }} options
 * @returns {import('eslint').Linter.Config[]}
 */
export function moduleBoundariesConfig(projects, options) {
  return [
    {
      name: 'forecastin/module-boundaries',
      files: options.files,
      ignores: options.ignores ?? [],
      plugins: { boundaries },
      settings: {
        'boundaries/root-path': options.rootPath,
        'boundaries/elements': projects.map((project) => ({
          type: project.name,
          pattern: project.root,
          partialMatch: false,
        })),
        'boundaries/files': [{ category: 'test', pattern: TEST_FILE_PATTERNS }],
        // An unresolvable "@forecastin/x" must not pass as an external package.
        'boundaries/flag-as-external': { unresolvableAlias: false },
        'import/resolver': {
          typescript: { project: options.tsconfig, alwaysTryTypes: true },
        },
      },
      rules: dependencyPolicies(projects),
    },
    {
      name: 'forecastin/no-deep-imports',
      files: options.files,
      ignores: options.ignores ?? [],
      plugins: {
        forecastin: { rules: { 'no-relative-cross-project-import': noRelativeCrossProjectImport(options.rootPath, projects) } },
      },
      rules: {
        'forecastin/no-relative-cross-project-import': 'error',
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: ['@forecastin/*/**'],
                message: 'import a Forecastin lib only from its entry point "@forecastin/<lib>"',
              },
            ],
          },
        ],
      },
    },
  ];
}
