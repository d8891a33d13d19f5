import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, Scalar, visit, type YAMLMap } from 'yaml';
import { ensureTrailingNewline } from './yaml-text';
import type { ServiceBlueprint } from './service-blueprint';

/**
 * Adds the service (and, with Postgres, its one-shot migrate service) to docker-compose.yml. The
 * file is parsed and re-emitted with the `yaml` Document API, which keeps comments and ordering.
 */
export function addToComposeFile(composeFile: string, blueprint: ServiceBlueprint): void {
  const document = parseDocument(readFileSync(composeFile, 'utf8'));
  const services = document.get('services');
  if (!isMap(services)) throw new Error(`${composeFile}: no "services" mapping`);
  const { name } = blueprint.options;
  for (const key of [name, `${name}-migrate`]) {
    if (services.has(key)) throw new Error(`${composeFile}: service "${key}" already exists`);
  }
  if (blueprint.has('postgres')) services.set(`${name}-migrate`, document.createNode(migrateService(blueprint)));
  services.set(name, document.createNode(appService(blueprint)));
  quotePortMappings(services);
  writeFileSync(composeFile, ensureTrailingNewline(document.toString({ lineWidth: 0 })));
}

/** Compose services already named like the service or its migrate job (checked before writing anything). */
export function composeServicesNamed(composeFile: string, name: string): string[] {
  const services = parseDocument(readFileSync(composeFile, 'utf8')).get('services');
  if (!isMap(services)) throw new Error(`${composeFile}: no "services" mapping`);
  return [name, `${name}-migrate`].filter((key) => services.has(key));
}

/** `"3001:3001"` quoted, as Compose recommends: YAML 1.1 readers take `xx:yy` for a base-60 number. */
function quotePortMappings(services: YAMLMap): void {
  visit(services, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'ports' || !isSeq(pair.value)) return undefined;
      for (const item of pair.value.items) if (isScalar(item)) item.type = Scalar.QUOTE_DOUBLE;
      return visit.SKIP;
    },
  });
}

function build(name: string) {
  return { context: '.', dockerfile: 'Dockerfile', args: { APP: name } };
}

function environment(blueprint: ServiceBlueprint): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    PORT: String(blueprint.options.port),
    LOG_LEVEL: '${LOG_LEVEL:-info}',
  };
  if (blueprint.has('postgres')) env['DATABASE_URL'] = 'postgres://postgres:postgres@postgres:5432/forecastin';
  if (blueprint.has('redis')) env['REDIS_URL'] = 'redis://redis:6379';
  if (blueprint.has('nats')) env['NATS_URL'] = 'nats://nats:4222';
  return env;
}

function infrastructure(blueprint: ServiceBlueprint): Record<string, { condition: string }> {
  const dependsOn: Record<string, { condition: string }> = {};
  if (blueprint.has('postgres')) dependsOn['postgres'] = { condition: 'service_healthy' };
  if (blueprint.has('redis')) dependsOn['redis'] = { condition: 'service_healthy' };
  if (blueprint.has('nats')) dependsOn['nats'] = { condition: 'service_healthy' };
  return dependsOn;
}

function migrateService(blueprint: ServiceBlueprint) {
  const { name } = blueprint.options;
  return {
    image: `forecastin/${name}:dev`,
    build: build(name),
    command: ['node', `/app/apps/${name}/dist/main.js`, 'migrate'],
    environment: environment(blueprint),
    depends_on: { postgres: { condition: 'service_healthy' } },
  };
}

function appService(blueprint: ServiceBlueprint) {
  const { name, port } = blueprint.options;
  const dependsOn = infrastructure(blueprint);
  if (blueprint.has('postgres')) dependsOn[`${name}-migrate`] = { condition: 'service_completed_successfully' };
  return {
    image: `forecastin/${name}:dev`,
    build: build(name),
    environment: environment(blueprint),
    ports: [`${port}:${port}`],
    depends_on: dependsOn,
    healthcheck: {
      // node:20-slim has no curl/wget; node's fetch does the probe.
      test: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${port}/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval: '5s',
      timeout: '3s',
      retries: 12,
      start_period: '10s',
    },
    stop_grace_period: '20s',
    read_only: true,
    tmpfs: ['/tmp'],
    restart: 'unless-stopped',
  };
}
