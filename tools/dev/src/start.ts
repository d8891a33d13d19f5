// `npm start` after install and stack:up (tools/dev/start.sh): build, migrate, run every app,
// wait for readiness, print where to go; Ctrl-C / SIGTERM stops everything and exits 0.
import path from 'node:path';
import { discoverApps, needsMigration } from './app-manifest';
import { devTokenTrustEnv } from './dev-token-env';
import { createLineFormatter } from './log-formatter';
import { portInUse } from './port-probe';
import { runStep } from './run-step';
import { ServiceSupervisor } from './service-supervisor';
import { withStackEnv } from './stack-env';
import { startBanner } from './start-banner';

const root = path.resolve(__dirname, '..', '..', '..');
const readyTimeoutMs = Number(process.env['FORECASTIN_READY_TIMEOUT_MS'] ?? 90_000);
const stopTimeoutMs = Number(process.env['FORECASTIN_STOP_TIMEOUT_MS'] ?? 15_000);
// npm forwards the terminal's SIGINT to us after the terminal already sent it: a repeat inside
// this window is the same Ctrl-C, not a second one asking to kill at once.
const REPEAT_SIGNAL_WINDOW_MS = 2_000;

const write = (text: string): void => void process.stdout.write(text);
const nx = path.join(root, 'node_modules', '.bin', 'nx');

async function main(): Promise<number> {
  const apps = discoverApps(root);
  if (apps.length === 0) {
    write('start: no apps under apps/ (each needs a package.json with a "forecastin" field)\n');
    return 1;
  }
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', LOG_LEVEL: 'info', ...withStackEnv(root, process.env), NX_TUI: 'false' };
  const interactive = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  const supervisor = new ServiceSupervisor({ apps, env, colour: interactive, format: createLineFormatter(root, interactive), write });

  const abort = new AbortController();
  let stopping: Promise<number> | undefined;
  let firstSignalAt = 0;
  const stop = (code: number): Promise<number> => {
    stopping ??= supervisor.stopAll(stopTimeoutMs).then(() => code);
    return stopping;
  };
  const onSignal = (signal: string): void => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      write(`\n${signal}: stopping everything\n`);
      abort.abort();
      void stop(0).then((code) => process.exit(code));
    } else if (Date.now() - firstSignalAt > REPEAT_SIGNAL_WINDOW_MS) {
      write(`${signal} again: killing what is left\n`);
      supervisor.killAll();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `kill <npm pid>` makes npm exit without passing SIGTERM on; being re-parented means that.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) onSignal('the parent process (npm) exited');
  }, 1_000).unref();
  // If the runner dies some other way, it must not leave services behind in their own groups.
  process.on('exit', () => supervisor.killAll());

  write(`build: ${apps.length} app(s) and their libraries (nx run-many -t build)\n`);
  if ((await runStep(nx, ['run-many', '-t', 'build', '--outputStyle=stream'], { cwd: root, env, signal: abort.signal })) !== 0) {
    return abort.signal.aborted ? 0 : fail('build failed (output above)');
  }
  // The gateway trusts tokens from `npm run token` (tools/token, which needs the built libs); the
  // caller's own JWT_* settings win.
  for (const [name, value] of Object.entries(devTokenTrustEnv(root))) env[name] ??= value;
  for (const app of apps.filter(needsMigration)) {
    write(`migrate: ${app.name} (schema ${String(app.schema)})\n`);
    const code = await runStep(process.execPath, [path.join(app.dir, 'dist', 'main.js'), 'migrate'], { cwd: app.dir, env, signal: abort.signal });
    if (abort.signal.aborted) return 0;
    if (code !== 0) return fail(`migrations of ${app.name} failed with exit code ${code} (output above)`);
  }
  if (abort.signal.aborted) return 0;

  const busy = (await Promise.all(apps.map(async (app) => ((await portInUse(app.port)) ? app : undefined)))).filter((app) => app !== undefined);
  if (busy.length > 0) {
    return fail(`port(s) already in use: ${busy.map((app) => `${app.port} (${app.name})`).join(', ')}; is an earlier npm start still running?`);
  }
  supervisor.startAll();
  const ready = await Promise.race([supervisor.waitUntilReady(readyTimeoutMs), new Promise<false>((resolve) => abort.signal.addEventListener('abort', () => resolve(false)))]);
  if (abort.signal.aborted) return stop(0);
  if (!ready) {
    write('start: stopping everything because a service did not become ready\n');
    return stop(1);
  }
  for (const line of startBanner(apps)) write(`${line}\n`);

  const crashed = await Promise.race([supervisor.firstExit(), new Promise<undefined>((resolve) => abort.signal.addEventListener('abort', () => resolve(undefined)))]);
  if (crashed === undefined) return stop(0);
  write(`\n${crashed.name} exited unexpectedly (${crashed.description}): stopping everything\n`);
  return stop(1);
}

function fail(message: string): number {
  write(`start: ${message}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    write(`start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
