import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small fake Nx workspace that uses the real eslint.config.mjs and tools/lint, and real node_modules. */
export interface FixtureProject {
  readonly folder: 'apps' | 'libs';
  readonly name: string;
  readonly tags: readonly string[];
  /** Extra source files (path inside the project → content); src/index.ts is always written. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface FixtureWorkspace {
  readonly root: string;
  /** Writes a file (path relative to the fixture root). */
  write(file: string, content: string): void;
  remove(): void;
}

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function writeJson(file: string, value: unknown): void {
  writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * node_modules is a real folder of symlinks into the repository's node_modules, except @forecastin/*,
 * which points at the fixture's own libs so that deep imports resolve inside the fixture.
 */
function linkNodeModules(repoRoot: string, root: string, projects: readonly FixtureProject[]): void {
  const source = path.join(repoRoot, 'node_modules');
  const target = path.join(root, 'node_modules');
  mkdirSync(path.join(target, '@forecastin'), { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === '@forecastin' || entry === '.bin' || entry === '.package-lock.json') continue;
    symlinkSync(path.join(source, entry), path.join(target, entry));
  }
  for (const project of projects) {
    symlinkSync(path.join(root, project.folder, project.name), path.join(target, '@forecastin', project.name));
  }
}

export function createFixtureWorkspace(repoRoot: string, projects: readonly FixtureProject[]): FixtureWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'forecastin-lint-'));
  cpSync(path.join(repoRoot, 'eslint.config.mjs'), path.join(root, 'eslint.config.mjs'));
  for (const file of readdirSync(path.join(repoRoot, 'tools/lint'))) {
    if (file.endsWith('.mjs') || file === 'project.json' || file.startsWith('tsconfig')) {
      cpSync(path.join(repoRoot, 'tools/lint', file), path.join(root, 'tools/lint', file));
    }
  }

  const base: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8'));
  const compilerOptions =
    typeof base === 'object' && base !== null && 'compilerOptions' in base ? base.compilerOptions : {};
  const paths = Object.fromEntries(
    projects
      .filter((project) => project.folder === 'libs')
      .map((project) => [`@forecastin/${project.name}`, [`./libs/${project.name}/src/index.ts`]]),
  );
  writeJson(path.join(root, 'tsconfig.base.json'), { compilerOptions: { ...(compilerOptions as object), paths } });

  for (const project of projects) {
    const dir = path.join(root, project.folder, project.name);
    writeJson(path.join(dir, 'project.json'), { name: project.name, tags: project.tags });
    writeJson(path.join(dir, 'package.json'), {
      name: `@forecastin/${project.name}`,
      private: true,
      main: './dist/index.js',
      types: './dist/index.d.ts',
    });
    writeJson(path.join(dir, 'tsconfig.json'), {
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true },
      include: ['src/**/*.ts', 'test/**/*.ts'],
    });
    writeFile(path.join(dir, 'src/index.ts'), `export const ${project.name.replace(/-/g, '_')} = '${project.name}';\n`);
    for (const [file, content] of Object.entries(project.files ?? {})) writeFile(path.join(dir, file), content);
  }
  linkNodeModules(repoRoot, root, projects);

  return {
    root,
    write: (file, content) => writeFile(path.join(root, file), content),
    remove: () => rmSync(root, { recursive: true, force: true }) };
}
