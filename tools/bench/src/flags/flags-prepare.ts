import { execFileSync } from 'node:child_process';

/**
 * tsx resolves @forecastin/* through node_modules to each lib's dist/, so the bench measures the
 * engine as services load it (tsc output). Nx replays the build from its cache when nothing changed.
 */
export function buildFlagLibs(workspaceRoot: string): void {
  process.stdout.write('building flag-evaluator and flag-testing (npx nx run-many -t build)...\n');
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'flag-evaluator,flag-testing', '--outputStyle=static'], { cwd: workspaceRoot, stdio: 'inherit' });
}
