import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The `forecastin` field every app's package.json carries (written by the service generator). */
const forecastinFieldSchema = z.object({
  port: z.number().int().min(1).max(65_535),
  dependencies: z.array(z.enum(['postgres', 'redis', 'nats'])),
  schema: z.string().min(1).nullable(),
});

const appPackageSchema = z.object({ forecastin: forecastinFieldSchema });

export interface AppManifest {
  /** Folder name under apps/, also the Nx project name. */
  readonly name: string;
  readonly dir: string;
  readonly port: number;
  readonly dependencies: readonly ('postgres' | 'redis' | 'nats')[];
  /** Postgres schema the app migrates, null when it has no database. */
  readonly schema: string | null;
}

/** True when the app owns a database and so has a `migrate` command. */
export function needsMigration(app: AppManifest): boolean {
  return app.schema !== null && app.dependencies.includes('postgres');
}

/**
 * Every app under `<root>/apps`, ordered by port. Throws one error listing every malformed
 * manifest and every port clash, so a broken generator output is caught before anything starts.
 */
export function discoverApps(root: string): AppManifest[] {
  const appsDir = path.join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  const problems: string[] = [];
  const apps: AppManifest[] = [];
  for (const name of readdirSync(appsDir).sort()) {
    const packageFile = path.join(appsDir, name, 'package.json');
    if (!existsSync(packageFile)) continue;
    const parsed = appPackageSchema.safeParse(JSON.parse(readFileSync(packageFile, 'utf8')));
    if (!parsed.success) {
      problems.push(`apps/${name}/package.json: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      continue;
    }
    const { port, dependencies, schema } = parsed.data.forecastin;
    apps.push({ name, dir: path.join(appsDir, name), port, dependencies, schema });
  }
  const byPort = new Map<number, string>();
  for (const app of apps) {
    const other = byPort.get(app.port);
    if (other !== undefined) problems.push(`apps ${other} and ${app.name} both use port ${app.port}`);
    byPort.set(app.port, app.name);
  }
  if (problems.length > 0) throw new Error(`invalid app manifests:\n  ${problems.join('\n  ')}`);
  return apps.sort((a, b) => a.port - b.port);
}
