// `npm run generate:service -- <name> --port <n> --scope <scope> [--deps postgres,redis,nats] [--schema <schema>]`
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CliUsageError, parseCliArgs } from './parse-cli-args';
import { generateService, ServiceConflictError } from './generate-service';

const WORKSPACE_ROOT = path.resolve(__dirname, '..', '..', '..');

function main(): number {
  let invocation: ReturnType<typeof parseCliArgs>;
  try {
    invocation = parseCliArgs(process.argv.slice(2));
  } catch (error: unknown) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`generate:service: invalid arguments\n${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { options } = invocation;
  const root = path.resolve(invocation.out ?? WORKSPACE_ROOT);
  let generated: ReturnType<typeof generateService>;
  try {
    generated = generateService(options, root);
  } catch (error: unknown) {
    if (error instanceof ServiceConflictError) {
      process.stderr.write(`generate:service: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  for (const file of generated.files) process.stdout.write(`  wrote ${path.relative(root, file)}\n`);

  if (!invocation.skipInstall) {
    // Links the new workspace package into node_modules; the lock serialises with other installs.
    process.stdout.write('linking the workspace package (npm install)...\n');
    execFileSync('flock', ['/tmp/npm.lock', 'npm', 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }

  const { name } = options;
  const steps = [
    `npx nx run ${name}:build`,
    ...(options.dependencies.includes('postgres') ? [`npx nx run ${name}:migrate`] : []),
    `npx nx run ${name}:serve            # http://localhost:${options.port}/health/ready`,
    `npx nx run ${name}:e2e              # graceful-shutdown test against the built process`,
    `git add apps/${name} deploy docker-compose.yml package-lock.json`,
  ];
  process.stdout.write(`\n${name} generated. Next steps:\n${steps.map((step) => `  ${step}`).join('\n')}\n`);
  return 0;
}

process.exitCode = main();
