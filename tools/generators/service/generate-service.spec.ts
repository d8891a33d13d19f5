import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { generateService, ServiceConflictError } from './generate-service';
import { CliUsageError, parseCliArgs } from './parse-cli-args';
import { serviceOptionsSchema } from './service-options.schema';

const REPO = path.resolve(__dirname, '..', '..', '..');
// Inside the repo (tmp/ is git-ignored) so the generated code resolves node_modules like an app does.
const SCRATCH_PARENT = path.join(REPO, 'tmp');

/** A scratch workspace with the files the generator edits, copied from the real one. */
function scratchWorkspace(): string {
  mkdirSync(SCRATCH_PARENT, { recursive: true });
  const root = mkdtempSync(path.join(SCRATCH_PARENT, 'generator-spec-'));
  cpSync(path.join(REPO, 'docker-compose.yml'), path.join(root, 'docker-compose.yml'));
  cpSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  cpSync(path.join(REPO, 'deploy', 'base', 'kustomization.yaml'), path.join(root, 'deploy', 'base', 'kustomization.yaml'));
  cpSync(path.join(REPO, 'deploy', 'base', 'namespace.yaml'), path.join(root, 'deploy', 'base', 'namespace.yaml'));
  cpSync(path.join(REPO, 'deploy', 'overlays'), path.join(root, 'deploy', 'overlays'), { recursive: true });
  // The generated tsconfig extends ../../tsconfig.base.json; extending the real one keeps its paths.
  writeFileSync(path.join(root, 'tsconfig.base.json'), JSON.stringify({ extends: path.join(REPO, 'tsconfig.base.json') }));
  return root;
}

const read = (file: string) => readFileSync(file, 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('service generator', () => {
  let root: string;
  const options = serviceOptionsSchema.parse({
    name: 'probe-service',
    port: 3917,
    scope: 'scenario',
    dependencies: ['nats', 'postgres', 'redis'],
    schema: 'probe',
    description: 'Exists only inside this test.',
  });

  beforeAll(() => {
    root = scratchWorkspace();
    generateService(options, root, new Date(Date.UTC(2026, 0, 1)));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('writes the app with its name, port, tags and forecastin metadata substituted', () => {
    const app = path.join(root, 'apps', 'probe-service');
    const manifest = JSON.parse(read(path.join(app, 'package.json'))) as Record<string, unknown>;
    expect(manifest['name']).toBe('@forecastin/probe-service');
    expect(manifest['forecastin']).toEqual({ port: 3917, dependencies: ['postgres', 'redis', 'nats'], schema: 'probe' });
    const project = JSON.parse(read(path.join(app, 'project.json'))) as { tags: string[]; targets: Record<string, unknown> };
    expect(project.tags).toEqual(['scope:scenario', 'type:app']);
    expect(Object.keys(project.targets)).toEqual(['build', 'typecheck', 'lint', 'test', 'e2e', 'serve', 'migrate']);
    const main = read(path.join(app, 'src', 'main.ts'));
    expect(main).toContain("name: 'probe-service'");
    expect(main).toContain('defaultPort: 3917');
    expect(main).toContain('...postgresConfigShape, ...redisConfigShape, ...natsConfigShape');
    expect(read(path.join(app, 'src', 'migrations', 'baseline-tenancy.migration.ts'))).toContain(
      '"probe".current_workspace_id() RETURNS uuid',
    );
    expect(read(path.join(app, 'src', 'migrations', 'index.ts'))).toContain('[BaselineTenancy1767225600000]');
    expect(read(path.join(app, 'jest.e2e.config.cjs'))).toContain(".e2e(__dirname)");
    for (const file of ['README.md', 'tsconfig.build.json', 'jest.config.cjs', 'test/lifecycle.e2e-spec.ts']) {
      expect(existsSync(path.join(app, file))).toBe(true);
    }
    const leftovers = [...filesUnder(app), ...filesUnder(path.join(root, 'deploy'))].filter((file) => read(file).includes('{{'));
    expect(leftovers).toEqual([]);
  });

  it('writes parseable Kubernetes manifests and registers the service in the kustomizations', () => {
    const deploy = path.join(root, 'deploy', 'base', 'probe-service');
    const kinds = ['configmap', 'deployment', 'service', 'hpa', 'pdb', 'networkpolicy', 'migration-job'].map(
      (file) => (parse(read(path.join(deploy, `${file}.yaml`))) as { kind: string }).kind,
    );
    expect(kinds).toEqual(['ConfigMap', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Job']);
    const deployment = parse(read(path.join(deploy, 'deployment.yaml'))) as DeploymentShape;
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.ports).toEqual([{ name: 'http', containerPort: 3917, protocol: 'TCP' }]);
    expect(container?.env.map((entry) => entry.name)).toEqual(['IDENTITY_SIGNING_KEY', 'DATABASE_URL', 'REDIS_URL']);
    expect((parse(read(path.join(deploy, 'kustomization.yaml'))) as { resources: string[] }).resources).toContain('migration-job.yaml');
    const base = parse(read(path.join(root, 'deploy', 'base', 'kustomization.yaml'))) as { resources: string[] };
    expect(base.resources).toContain('probe-service');
    const prod = parse(read(path.join(root, 'deploy', 'overlays', 'prod', 'kustomization.yaml'))) as { images: unknown[] };
    expect(prod.images).toContainEqual({ name: 'forecastin/probe-service', newTag: '0.1.0' });
  });

  it('adds the service and its migrate job to docker-compose.yml, keeping the comments', () => {
    const text = read(path.join(root, 'docker-compose.yml'));
    expect(parseAllDocuments(text)).toHaveLength(1);
    const compose = parse(text) as { services: Record<string, ComposeService> };
    expect(text).toContain('# The whole platform on a laptop');
    const service = compose.services['probe-service'];
    expect(service?.build.args).toEqual({ APP: 'probe-service' });
    expect(service?.ports).toEqual(['3917:3917']);
    expect(service?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      nats: { condition: 'service_healthy' },
      'probe-service-migrate': { condition: 'service_completed_successfully' },
    });
    expect(compose.services['probe-service-migrate']?.command).toEqual(['node', '/app/apps/probe-service/dist/main.js', 'migrate']);
  });

  it('typechecks the generated service against the real libraries', () => {
    const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
    expect(() =>
      execFileSync(tsc, ['-p', path.join(root, 'apps', 'probe-service', 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' }),
    ).not.toThrow();
  });

  it('refuses to overwrite an existing app or reuse a port, and writes nothing then', () => {
    expect(() => generateService(options, root)).toThrow(ServiceConflictError);
    const samePort = serviceOptionsSchema.parse({ ...options, name: 'other-service' });
    expect(() => generateService(samePort, root)).toThrow(/port 3917 is already used by probe-service/);
    expect(existsSync(path.join(root, 'apps', 'other-service'))).toBe(false);
  });
});

describe('generator command line', () => {
  it('parses a valid invocation', () => {
    const invocation = parseCliArgs(['realtime-x', '--port', '3905', '--scope', 'realtime', '--deps', 'nats']);
    expect(invocation.options).toMatchObject({ name: 'realtime-x', port: 3905, dependencies: ['nats'], schema: null });
  });

  it.each([
    [['Bad_Name', '--port', '3000', '--scope', 'entity'], /name: must be kebab-case/],
    [['svc', '--port', '80', '--scope', 'entity'], /port: must be >= 1024/],
    [['svc', '--port', 'abc', '--scope', 'entity'], /port/],
    [['svc', '--port', '3000', '--scope', 'entity', '--deps', 'mysql'], /dependencies/],
    [['svc', '--port', '3000', '--scope', 'entity', '--deps', 'postgres'], /schema: is required with the postgres dependency/],
    [['svc', '--port', '3000', '--scope', 'entity', '--schema', 'x'], /schema: only makes sense/],
    [['svc', '--port', '3000', '--scope', 'entity', '--deps', 'nats,nats'], /lists a dependency twice/],
    [['svc', '--port', '3000', '--scope', 'entity', '--colour'], /Unknown option/],
  ])('rejects %j', (argv, problem) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(problem);
  });
});

interface DeploymentShape {
  spec: { template: { spec: { containers: Array<{ ports: unknown[]; env: Array<{ name: string }> }> } } };
}

interface ComposeService {
  build: { args: Record<string, string> };
  ports: string[];
  depends_on: Record<string, unknown>;
  command?: string[];
}
