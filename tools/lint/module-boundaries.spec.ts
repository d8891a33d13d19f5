import path from 'node:path';
import { createFixtureWorkspace, type FixtureWorkspace } from './test/fixture-workspace';
import { lintCases, ruleIds, type LintCase, type LintMessage } from './test/lint-text';

const repoRoot = path.resolve(__dirname, '../..');

const BOUNDARIES = 'boundaries/dependencies';
const UNKNOWN = 'boundaries/no-unknown-dependencies';
const RELATIVE = 'forecastin/no-relative-cross-project-import';
const DEEP = 'no-restricted-imports';

/** Each case: a virtual file inside a project of the fixture workspace, and the rules it must trip. */
const fixtureCases: ReadonlyArray<LintCase & { readonly title: string; readonly expected: readonly string[] }> = [
  {
    title: 'app imports another (built) app by package name',
    filePath: 'apps/entity-service/src/uses-gateway.ts',
    code: "import { gateway } from '@forecastin/gateway';\nexport const g = gateway;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'app imports another app by relative path',
    filePath: 'apps/gateway/src/uses-entity-service.ts',
    code: "import { entity_service } from '../../entity-service/src/index';\nexport const e = entity_service;\n",
    expected: [BOUNDARIES, RELATIVE],
  },
  {
    title: 'app imports an unbuilt app by package name (does not resolve)',
    filePath: 'apps/gateway/src/uses-unbuilt-app.ts',
    code: "import { entity_service } from '@forecastin/entity-service';\nexport const e: unknown = entity_service;\n",
    expected: [UNKNOWN],
  },
  {
    title: 'lib imports an app',
    filePath: 'libs/cache/src/uses-app.ts',
    code: "import { gateway } from '@forecastin/gateway';\nexport const g = gateway;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'contracts imports a lib',
    filePath: 'libs/contracts/src/uses-cache.ts',
    code: "import { cache } from '@forecastin/cache';\nexport const c = cache;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'deep import into another lib',
    filePath: 'apps/gateway/src/deep.ts',
    code: "import { internal } from '@forecastin/cache/src/internal';\nexport const i = internal;\n",
    expected: [BOUNDARIES, DEEP],
  },
  {
    title: 'relative import across projects',
    filePath: 'apps/gateway/src/nested/relative.ts',
    code: "import { cache } from '../../../../libs/cache/src/index';\nexport const c = cache;\n",
    expected: [RELATIVE],
  },
  {
    title: 'relative require into another project file',
    filePath: 'libs/entity-model/src/relative-require.ts',
    code: "export const internal: unknown = require('../../cache/src/internal');\n",
    expected: [BOUNDARIES, RELATIVE, '@typescript-eslint/no-require-imports'],
  },
  {
    title: 'testing lib from non-test app code',
    filePath: 'apps/gateway/src/uses-testing.ts',
    code: "import { testing } from '@forecastin/testing';\nexport const t = testing;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'testing lib from non-test lib code',
    filePath: 'libs/cache/src/uses-testing.ts',
    code: "import { testing } from '@forecastin/testing';\nexport const t = testing;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'app imports a lib of another scope',
    filePath: 'apps/gateway/src/uses-entity-model.ts',
    code: "import { entity_model } from '@forecastin/entity-model';\nexport const m = entity_model;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'shared lib imports a scoped lib',
    filePath: 'libs/cache/src/uses-entity-model.ts',
    code: "import { entity_model } from '@forecastin/entity-model';\nexport const m = entity_model;\n",
    expected: [BOUNDARIES],
  },
  {
    title: 'unresolvable internal import',
    filePath: 'apps/gateway/src/unknown.ts',
    code: "import { nothing } from '@forecastin/does-not-exist';\nexport const n: unknown = nothing;\n",
    expected: [UNKNOWN],
  },
  {
    title: 'unresolvable relative import',
    filePath: 'libs/cache/src/missing.ts',
    code: "import { nothing } from './not-there';\nexport const n: unknown = nothing;\n",
    expected: [UNKNOWN],
  },
  {
    title: 'app imports shared libs and contracts through their entry points',
    filePath: 'apps/gateway/src/allowed.ts',
    code:
      "import { cache } from '@forecastin/cache';\nimport { contracts } from '@forecastin/contracts';\n" +
      'export const both = [cache, contracts];\n',
    expected: [],
  },
  {
    title: 'app imports a lib of its own scope',
    filePath: 'apps/entity-service/src/allowed.ts',
    code: "import { entity_model } from '@forecastin/entity-model';\nexport const m = entity_model;\n",
    expected: [],
  },
  {
    title: 'lib imports contracts',
    filePath: 'libs/cache/src/allowed.ts',
    code: "import { contracts } from '@forecastin/contracts';\nexport const c = contracts;\n",
    expected: [],
  },
  {
    title: 'app spec file imports the testing lib',
    filePath: 'apps/gateway/src/allowed.spec.ts',
    code: "import { testing } from '@forecastin/testing';\nexport const t = testing;\n",
    expected: [],
  },
  {
    title: 'app e2e test under test/ imports the testing lib',
    filePath: 'apps/gateway/test/allowed.e2e-spec.ts',
    code: "import { testing } from '@forecastin/testing';\nexport const t = testing;\n",
    expected: [],
  },
  {
    title: 'relative import inside the same project',
    filePath: 'libs/cache/src/nested/allowed.ts',
    code: "import { internal } from '../internal';\nexport const i = internal;\n",
    expected: [],
  },
];

/** The TypeScript rules that guard a Nest codebase, in the same fixture. */
const typeScriptCases: ReadonlyArray<LintCase & { readonly title: string; readonly expected: readonly string[] }> = [
  {
    title: 'constructor injection keeps a value import (decorator metadata needs it)',
    filePath: 'libs/cache/src/injected.service.ts',
    code:
      "import { Injectable } from '@nestjs/common';\nimport { Internal } from './internal';\n" +
      '@Injectable()\nexport class InjectedService {\n  constructor(private readonly internal: Internal) {}\n' +
      '  get value(): Internal {\n    return this.internal;\n  }\n}\n',
    expected: [],
  },
  {
    title: 'a type-only use without decorators must be an import type',
    filePath: 'libs/cache/src/type-only.ts',
    code: "import { Internal } from './internal';\nexport function f(x: Internal): Internal {\n  return x;\n}\n",
    expected: ['@typescript-eslint/consistent-type-imports'],
  },
  {
    title: 'floating promise',
    filePath: 'libs/cache/src/floating.ts',
    code: 'async function work(): Promise<void> {}\nexport function run(): void {\n  work();\n}\n',
    expected: ['@typescript-eslint/no-floating-promises'],
  },
  {
    title: 'promise passed where a void callback is expected',
    filePath: 'libs/cache/src/misused.ts',
    code: 'export function each(items: number[]): void {\n  items.forEach(async () => {});\n}\n',
    expected: ['@typescript-eslint/no-misused-promises'],
  },
  {
    title: 'explicit any and an unused variable',
    filePath: 'libs/cache/src/sloppy.ts',
    code: 'export function f(x: any): unknown {\n  const unused = 1;\n  return x;\n}\n',
    expected: ['@typescript-eslint/no-explicit-any', '@typescript-eslint/no-unused-vars'],
  },
  {
    title: 'underscore-prefixed unused argument is allowed',
    filePath: 'libs/cache/src/underscore.ts',
    code: 'export function f(_ignored: string, used: number): number {\n  return used;\n}\n',
    expected: [],
  },
];

describe('eslint.config.mjs in a fixture workspace', () => {
  let workspace: FixtureWorkspace;
  let results: LintMessage[][];
  const allCases = [...fixtureCases, ...typeScriptCases];

  beforeAll(() => {
    workspace = createFixtureWorkspace(repoRoot, [
      {
        folder: 'apps',
        name: 'gateway',
        tags: ['scope:gateway', 'type:app'],
        // Built: `@forecastin/gateway` resolves through node_modules to its dist/, like a real built app.
        files: { 'dist/index.js': "exports.gateway = 'gateway';\n", 'dist/index.d.ts': 'export declare const gateway: string;\n' },
      },
      { folder: 'apps', name: 'entity-service', tags: ['scope:entity', 'type:app'] },
      { folder: 'libs', name: 'contracts', tags: ['scope:shared', 'type:contracts'] },
      {
        folder: 'libs',
        name: 'cache',
        tags: ['scope:shared', 'type:lib'],
        files: { 'src/internal.ts': 'export const internal = 1;\nexport class Internal {\n  readonly id = 1;\n}\n' },
      },
      { folder: 'libs', name: 'entity-model', tags: ['scope:entity', 'type:lib'] },
      { folder: 'libs', name: 'testing', tags: ['scope:shared', 'type:testing'] },
    ]);
    // On disk, so the fixture is linted exactly like real code, type-aware rules included.
    for (const testCase of allCases) workspace.write(testCase.filePath, testCase.code);
    results = lintCases(workspace.root, allCases, true);
  }, 120_000);

  afterAll(() => workspace?.remove());

  it.each(allCases.map((testCase, index) => [testCase.title, index] as const))('%s', (_title, index) => {
    const testCase = allCases[index];
    const messages = results[index];
    if (testCase === undefined || messages === undefined) throw new Error(`no result for case ${index}`);
    expect({ file: testCase.filePath, rules: ruleIds(messages) }).toEqual({
      file: testCase.filePath,
      rules: [...testCase.expected].sort(),
    });
  });

  it("names the importing project's tags and allow-list in the boundaries message", () => {
    const index = fixtureCases.findIndex((c) => c.title === 'app imports another (built) app by package name');
    const message = results[index]?.find((m) => m.ruleId === BOUNDARIES)?.message ?? '';
    expect(message).toContain('entity-service (scope:entity, type:app) may import');
    expect(message).toContain('@forecastin/entity-model');
    expect(message).not.toContain('@forecastin/gateway,');
  });
});

// Files here are virtual (other engineers own these folders), so type-aware rules are off.
describe('eslint.config.mjs on the real workspace (virtual files in real libs)', () => {
  const cases: ReadonlyArray<LintCase & { readonly expected: readonly string[] }> = [
    {
      filePath: 'libs/contracts/src/lint-probe.ts',
      code: "import * as lifecycle from '@forecastin/lifecycle';\nexport const l = lifecycle;\n",
      expected: [BOUNDARIES],
    },
    {
      filePath: 'libs/cache/src/lint-probe.ts',
      code: "import lifecyclePackage from '@forecastin/lifecycle/package.json';\nexport const l = lifecyclePackage;\n",
      expected: [BOUNDARIES, DEEP],
    },
    {
      filePath: 'libs/cache/src/lint-probe-testing.ts',
      code: "import * as testing from '@forecastin/testing';\nexport const t = testing;\n",
      expected: [BOUNDARIES],
    },
    {
      filePath: 'libs/cache/src/lint-probe.spec.ts',
      code: "import * as testing from '@forecastin/testing';\nexport const t = testing;\n",
      expected: [],
    },
    {
      filePath: 'libs/cache/src/lint-probe-contracts.ts',
      code: "import * as contracts from '@forecastin/contracts';\nexport const c = contracts;\n",
      expected: [],
    },
  ];

  it('enforces the same boundaries on the real projects', () => {
    const results = lintCases(repoRoot, cases, false);
    expect(cases.map((c, index) => ({ file: c.filePath, rules: ruleIds(results[index] ?? []) }))).toEqual(
      cases.map((c) => ({ file: c.filePath, rules: [...c.expected].sort() })),
    );
  }, 120_000);
});
