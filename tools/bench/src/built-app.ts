import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path of `app`'s built entry point, building it first when it is missing (a fresh clone) or
 * when asked (`--build`): the suites start the services as they run in production, from `dist/`.
 */
export function builtApp(workspaceRoot: string, app: string, forceBuild: boolean): string {
  const main = path.join(workspaceRoot, 'apps', app, 'dist', 'main.js');
  if (forceBuild || !existsSync(main)) {
    process.stdout.write(`building ${app} (npx nx run ${app}:build)...\n`);
    execFileSync('npx', ['nx', 'run', `${app}:build`, '--outputStyle=static'], { cwd: workspaceRoot, stdio: 'inherit' });
  }
  if (!existsSync(main)) throw new Error(`${main} is missing after the build`);
  return main;
}
