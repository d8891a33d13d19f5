import type { ServiceDependency, ServiceOptions } from './service-options.schema';

/** Everything the templates and YAML updaters need about one service, derived once from its options. */
export interface ServiceBlueprint {
  readonly options: ServiceOptions;
  readonly has: (dependency: ServiceDependency) => boolean;
  /** The edge service: reachable from the ingress controller rather than only from the gateway. */
  readonly isEdge: boolean;
  readonly values: Readonly<Record<string, string>>;
}

const LIB_OF: Record<ServiceDependency, { lib: string; dependency: string; shape: string }> = {
  postgres: { lib: '@forecastin/persistence', dependency: 'PostgresDependency', shape: 'postgresConfigShape' },
  redis: { lib: '@forecastin/cache', dependency: 'RedisDependency', shape: 'redisConfigShape' },
  nats: { lib: '@forecastin/messaging', dependency: 'NatsDependency', shape: 'natsConfigShape' },
};

/** Further names main.ts uses from a dependency's lib. */
const EXTRA_IMPORTS: Partial<Record<ServiceDependency, readonly string[]>> = {
  postgres: ['runMigrations'],
};

/** Order the dependencies are connected and listed in, whatever order the command line used. */
const DEPENDENCY_ORDER: readonly ServiceDependency[] = ['postgres', 'redis', 'nats'];

export function createBlueprint(options: ServiceOptions, now: Date = new Date()): ServiceBlueprint {
  const dependencies = DEPENDENCY_ORDER.filter((dependency) => options.dependencies.includes(dependency));
  const has = (dependency: ServiceDependency) => dependencies.includes(dependency);
  const isEdge = options.scope === 'gateway';
  const schema = options.schema ?? '';
  const title = titleOf(options.name);
  const description = options.description ?? `Owns the ${options.scope} domain of Forecastin.`;
  const values: Record<string, string> = {
    name: options.name,
    port: String(options.port),
    scope: options.scope,
    schema,
    title,
    description,
    packageDescriptionJson: JSON.stringify(`${title}: ${description}`),
    component: isEdge ? 'gateway' : 'service',
    dependenciesJson: JSON.stringify(dependencies),
    dependenciesList: dependencies.length > 0 ? dependencies.join(', ') : 'none',
    schemaJson: JSON.stringify(options.schema),
    packageDependencies: packageDependencies(dependencies),
    projectExtraTargets: has('postgres') ? ', "migrate": {}' : '',
    mainImports: mainImports(dependencies),
    configShapeSpread: dependencies.map((dependency) => `...${LIB_OF[dependency].shape}`).join(', '),
    dependencyFactories: dependencies.map((dependency) => dependencyFactory(dependency, options)).join('\n'),
    bootstrapCommands: has('postgres') ? migrateCommand() : '',
    schemaConstant: has('postgres') ? `\n/** The service's Postgres schema: its tables, migrations table and search_path. */\nconst SCHEMA = '${schema}';\n` : '',
    migrationsImport: has('postgres') ? "\nimport { migrations } from './migrations';" : '',
    migrationClass: `BaselineTenancy${now.getTime()}`,
    readmeEnv: readmeEnv(dependencies),
    readmeMigrate: has('postgres') ? readmeMigrate(options.name, schema) : '',
    e2eDatabaseSetup: has('postgres') ? 'true' : 'false',
    networkPolicyIngress: isEdge ? EDGE_INGRESS : SERVICE_INGRESS,
    secretEnv: secretEnv(options.name, dependencies),
    configMapData: configMapData(options, dependencies),
    migrationJobResource: has('postgres') ? '\n  - migration-job.yaml' : '',
  };
  return { options, has, isEdge, values };
}

function titleOf(name: string): string {
  const words = name.split('-');
  return words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(' ');
}

function packageDependencies(dependencies: readonly ServiceDependency[]): string {
  const libs = ['@forecastin/contracts', '@forecastin/lifecycle', ...dependencies.map((d) => LIB_OF[d].lib)];
  return libs
    .sort()
    .map((lib) => `    "${lib}": "0.0.0"`)
    .join(',\n');
}

function mainImports(dependencies: readonly ServiceDependency[]): string {
  const lines = dependencies.map((dependency) => {
    const names = [LIB_OF[dependency].dependency, LIB_OF[dependency].shape, ...(EXTRA_IMPORTS[dependency] ?? [])];
    return `import { ${names.join(', ')} } from '${LIB_OF[dependency].lib}';`;
  });
  return lines.sort().join('\n');
}

function dependencyFactory(dependency: ServiceDependency, options: ServiceOptions): string {
  switch (dependency) {
    case 'postgres':
      return `    PostgresDependency.fromConfig(config, { schema: SCHEMA, migrations, logger, applicationName: '${options.name}' }),`;
    case 'redis':
      return '    RedisDependency.fromConfig(config, logger),';
    case 'nats':
      return `    NatsDependency.fromConfig(config, { connectionName: '${options.name}', logger }),`;
  }
}

function migrateCommand(): string {
  return [
    '  commands: {',
    '    // `node dist/main.js migrate`: the Kubernetes Job and `nx run <app>:migrate` run this, never the server.',
    `    migrate: async ({ config, logger }) => {`,
    `      await runMigrations({ url: config.DATABASE_URL, schema: SCHEMA, migrations, logger });`,
    '    },',
    '  },',
  ].join('\n');
}

const BASE_ENV_ROWS = [
  '| `PORT` | the service port above | |',
  '| `NODE_ENV` | `development` | `production` refuses development secrets and a `*` CORS origin |',
  '| `LOG_LEVEL` | `info` | pino level |',
  '| `IDENTITY_SIGNING_KEY` | dev key | secret shared with the gateway; ≥ 32 bytes in production |',
  '| `SHUTDOWN_TIMEOUT_MS` / `SHUTDOWN_DELAY_MS` | `10000` / `0` | drain bound / wait before draining |',
  '| `OTEL_EXPORTER_OTLP_ENDPOINT` | unset | export spans over OTLP/HTTP when set |',
];

const DEPENDENCY_ENV_ROWS: Record<ServiceDependency, readonly string[]> = {
  postgres: [
    '| `DATABASE_URL` | `postgres://postgres@127.0.0.1:5432/forecastin` | secret in Kubernetes |',
    '| `DB_POOL_MAX` / `DB_STATEMENT_TIMEOUT_MS` / `DB_CONNECT_TIMEOUT_MS` | `10` / `5000` / `3000` | |',
  ],
  redis: [
    '| `REDIS_URL` | `redis://127.0.0.1:6379` | secret in Kubernetes |',
    '| `REDIS_KEY_PREFIX` | `fc:` | tests set a unique one |',
  ],
  nats: [
    '| `NATS_URL` | `nats://127.0.0.1:4222` | |',
    '| `NATS_SUBJECT_PREFIX` / `EVENTS_STREAM` | empty / `EVENTS` | tests set unique ones |',
    '| `EVENTS_MAX_AGE_HOURS` / `NATS_REQUEST_TIMEOUT_MS` | `72` / `2000` | retention = realtime recovery window |',
  ],
};

function readmeEnv(dependencies: readonly ServiceDependency[]): string {
  return [...BASE_ENV_ROWS, ...dependencies.flatMap((dependency) => DEPENDENCY_ENV_ROWS[dependency])].join('\n');
}

function readmeMigrate(name: string, schema: string): string {
  return [
    '',
    '## Migrations',
    '',
    `Schema \`${schema}\`, migrations in \`src/migrations/\` (ordered in \`src/migrations/index.ts\`, each`,
    'class name ending in a 13-digit timestamp). They run only through the `migrate` command, never at',
    'start-up, and must be expand/contract so the previous version keeps working while they apply:',
    '',
    '```bash',
    `npx nx run ${name}:migrate                  # builds, then node apps/${name}/dist/main.js migrate`,
    '```',
    '',
    `In Kubernetes the \`${name}-migrate\` Job runs the same command before the Deployment rolls out`,
    '(see deploy/README.md). The first migration creates',
    `\`${schema}.current_workspace_id()\`, which the row-level-security policies of later tables use.`,
    '',
  ].join('\n');
}

const SERVICE_INGRESS = [
  '    # Only the gateway calls services over HTTP (ARCHITECTURE.md).',
  '    - from:',
  '        - podSelector:',
  '            matchLabels:',
  '              app.kubernetes.io/name: gateway',
  '      ports:',
  '        - protocol: TCP',
  '          port: http',
].join('\n');

const EDGE_INGRESS = [
  '    # The edge: public traffic arrives through the ingress controller only.',
  '    - from:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: ingress-nginx',
  '      ports:',
  '        - protocol: TCP',
  '          port: http',
].join('\n');

function secretEnv(name: string, dependencies: readonly ServiceDependency[]): string {
  const entries: string[] = [secretRef('IDENTITY_SIGNING_KEY', 'forecastin-identity')];
  if (dependencies.includes('postgres')) entries.push(secretRef('DATABASE_URL', `${name}-database`));
  if (dependencies.includes('redis')) entries.push(secretRef('REDIS_URL', 'forecastin-redis'));
  return entries.join('\n');
}

function secretRef(variable: string, secretName: string): string {
  return [
    `            - name: ${variable}`,
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: ${secretName}`,
    `                  key: ${variable}`,
  ].join('\n');
}

function configMapData(options: ServiceOptions, dependencies: readonly ServiceDependency[]): string {
  const data: [string, string][] = [
    ['NODE_ENV', 'production'],
    ['PORT', String(options.port)],
    ['LOG_LEVEL', 'info'],
    // The preStop sleep already holds the pod until endpoints drop it; no extra in-app delay.
    ['SHUTDOWN_DELAY_MS', '0'],
    ['SHUTDOWN_TIMEOUT_MS', '10000'],
  ];
  if (dependencies.includes('postgres')) data.push(['DB_POOL_MAX', '10']);
  if (dependencies.includes('nats')) data.push(['NATS_URL', 'nats://nats.forecastin-data.svc:4222']);
  return data.map(([key, value]) => `  ${key}: "${value}"`).join('\n');
}
