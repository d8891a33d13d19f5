import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addToComposeFile, composeServicesNamed } from './compose-file.updater';
import { addToBaseKustomization, addToOverlayImages } from './kustomization.updater';
import { createBlueprint } from './service-blueprint';
import type { ServiceOptions } from './service-options.schema';
import { writeTemplateDirectory } from './template-directory.writer';

const TEMPLATES = path.join(__dirname, 'templates');

/** Thrown before anything is written when the service would clash with what exists. */
export class ServiceConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceConflictError';
  }
}

export interface GeneratedService {
  readonly appDir: string;
  readonly deployDir: string;
  readonly files: readonly string[];
}

/**
 * Writes apps/<name>, deploy/base/<name>, and registers the service in docker-compose.yml and the
 * kustomizations of `workspaceRoot`. Checks every conflict first, so a refusal writes nothing.
 */
export function generateService(options: ServiceOptions, workspaceRoot: string, now = new Date()): GeneratedService {
  const blueprint = createBlueprint(options, now);
  const appDir = path.join(workspaceRoot, 'apps', options.name);
  const deployDir = path.join(workspaceRoot, 'deploy', 'base', options.name);
  const composeFile = path.join(workspaceRoot, 'docker-compose.yml');
  assertNoConflict(options, workspaceRoot, [appDir, deployDir], composeFile);

  const files = [
    ...writeTemplateDirectory(path.join(TEMPLATES, 'app'), appDir, blueprint.values),
    ...(blueprint.has('postgres') ? writeTemplateDirectory(path.join(TEMPLATES, 'app-postgres'), appDir, blueprint.values) : []),
    ...writeTemplateDirectory(path.join(TEMPLATES, 'deploy'), deployDir, blueprint.values),
    ...(blueprint.has('postgres')
      ? writeTemplateDirectory(path.join(TEMPLATES, 'deploy-postgres'), deployDir, blueprint.values)
      : []),
  ];
  addToComposeFile(composeFile, blueprint);
  addToBaseKustomization(path.join(workspaceRoot, 'deploy'), options.name);
  const overlays = addToOverlayImages(path.join(workspaceRoot, 'deploy'), options.name, workspaceVersion(workspaceRoot));
  return { appDir, deployDir, files: [...files, composeFile, path.join(workspaceRoot, 'deploy/base/kustomization.yaml'), ...overlays] };
}

function assertNoConflict(options: ServiceOptions, workspaceRoot: string, dirs: readonly string[], composeFile: string): void {
  for (const dir of dirs) {
    if (existsSync(dir)) throw new ServiceConflictError(`${path.relative(workspaceRoot, dir)} already exists; refusing to overwrite`);
  }
  for (const required of [composeFile, path.join(workspaceRoot, 'deploy', 'base', 'kustomization.yaml')]) {
    if (!existsSync(required)) throw new ServiceConflictError(`${path.relative(workspaceRoot, required)} is missing`);
  }
  const clashes = composeServicesNamed(composeFile, options.name);
  if (clashes.length > 0) throw new ServiceConflictError(`docker-compose.yml already has ${clashes.join(', ')}`);
  const owner = existingPorts(workspaceRoot).get(options.port);
  if (owner !== undefined) throw new ServiceConflictError(`port ${options.port} is already used by ${owner}`);
}

/** Ports claimed by existing apps, read from the `forecastin.port` of their package.json. */
function existingPorts(workspaceRoot: string): Map<number, string> {
  const appsDir = path.join(workspaceRoot, 'apps');
  const ports = new Map<number, string>();
  if (!existsSync(appsDir)) return ports;
  for (const entry of readdirSync(appsDir, { withFileTypes: true })) {
    const manifest = path.join(appsDir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const port = portOf(JSON.parse(readFileSync(manifest, 'utf8')) as unknown);
    if (port !== undefined) ports.set(port, entry.name);
  }
  return ports;
}

function workspaceVersion(workspaceRoot: string): string {
  const manifest = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as unknown;
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : 'latest';
}

function portOf(manifest: unknown): number | undefined {
  if (typeof manifest !== 'object' || manifest === null || !('forecastin' in manifest)) return undefined;
  const forecastin = manifest.forecastin;
  if (typeof forecastin !== 'object' || forecastin === null || !('port' in forecastin)) return undefined;
  return typeof forecastin.port === 'number' ? forecastin.port : undefined;
}
