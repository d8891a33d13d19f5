// Checks the committed deploy/ tree and docker-compose.yml against the apps that exist: everything
// parses, every app is deployed and composed on the port its package.json declares, and each
// Deployment keeps the safety settings the platform relies on. No kubectl/kustomize/docker here,
// so this is the gate that catches a hand edit or a generator regression.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DEPLOY = path.join(REPO, 'deploy');

interface AppInfo {
  readonly name: string;
  readonly port: number;
  readonly dependencies: readonly string[];
  readonly schema: string | null;
}

function readApps(): AppInfo[] {
  const appsDir = path.join(REPO, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(appsDir, entry.name, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(path.join(appsDir, entry.name, 'package.json'), 'utf8')) as {
        forecastin: { port: number; dependencies: string[]; schema: string | null };
      };
      return { name: entry.name, ...manifest.forecastin };
    });
}

/** True when the app's configuration spreads `cursorConfigShape` (so production needs CURSOR_SIGNING_KEY). */
function pagesWithSignedCursors(app: AppInfo): boolean {
  const src = path.join(REPO, 'apps', app.name, 'src');
  return readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts'))
    .some((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8').includes('...cursorConfigShape'));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const load = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;

interface Container {
  name: string;
  command?: string[];
  ports?: Array<{ name: string; containerPort: number }>;
  env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
  volumes?: Array<{ name: string; emptyDir?: unknown }>;
}

interface Workload {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { template: { metadata: { annotations?: Record<string, string> }; spec: PodSpec } };
}

const apps = readApps();

describe('deploy/ and docker-compose.yml', () => {
  it('covers at least the six platform apps', () => {
    expect(apps.map((app) => app.name)).toEqual(
      expect.arrayContaining(['entity-service', 'flag-service', 'gateway', 'hierarchy-service', 'realtime-service', 'scenario-service']),
    );
  });

  it('parses every YAML file as exactly one document without errors', () => {
    const files = [...yamlFiles(DEPLOY), path.join(REPO, 'docker-compose.yml')];
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const documents = parseAllDocuments(readFileSync(file, 'utf8'));
      expect({ file, count: Array.isArray(documents) ? documents.length : 0 }).toEqual({ file, count: 1 });
      const [document] = Array.isArray(documents) ? documents : [];
      expect({ file, errors: document?.errors.map((error) => error.message) }).toEqual({ file, errors: [] });
    }
  });

  it('lists every app in the base kustomization and every file of each app folder in its own', () => {
    const base = load<{ resources: string[] }>(path.join(DEPLOY, 'base', 'kustomization.yaml'));
    expect([...base.resources].sort()).toEqual(['namespace.yaml', ...apps.map((app) => app.name)].sort());
    for (const app of apps) {
      const dir = path.join(DEPLOY, 'base', app.name);
      const kustomization = load<{ resources: string[] }>(path.join(dir, 'kustomization.yaml'));
      const files = readdirSync(dir).filter((file) => file !== 'kustomization.yaml');
      expect([...kustomization.resources].sort()).toEqual(files.sort());
      expect(files.includes('migration-job.yaml')).toBe(app.dependencies.includes('postgres'));
    }
  });

  it('pins every app image in both overlays', () => {
    for (const overlay of ['dev', 'prod']) {
      const kustomization = load<{ resources: string[]; images: Array<{ name: string; newTag: string }> }>(
        path.join(DEPLOY, 'overlays', overlay, 'kustomization.yaml'),
      );
      expect(kustomization.resources).toEqual(['../../base']);
      expect(kustomization.images.map((image) => image.name).sort()).toEqual(apps.map((app) => `forecastin/${app.name}`).sort());
    }
  });

  it.each(apps.map((app) => [app.name, app] as const))('deploys %s safely on its declared port', (_name, app) => {
    const dir = path.join(DEPLOY, 'base', app.name);
    const deployment = load<Workload>(path.join(dir, 'deployment.yaml'));
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    if (!container) throw new Error('no container');
    expect(container.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: app.port })]);
    expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual(expect.objectContaining({ name: 'tmp', emptyDir: expect.anything() }));
    expect(deployment.spec.template.metadata.annotations).toEqual(
      expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(app.port), 'prometheus.io/path': '/metrics' }),
    );

    const configMap = load<{ metadata: { name: string }; data: Record<string, string> }>(path.join(dir, 'configmap.yaml'));
    expect(container.envFrom?.[0]).toEqual({ configMapRef: { name: configMap.metadata.name } });
    // The gateway also reads the operator-made identity-provider ConfigMap (deploy/README.md).
    const extra = app.name === 'gateway' ? [{ configMapRef: { name: 'forecastin-auth' } }] : [];
    expect(container.envFrom?.slice(1)).toEqual(extra);
    expect(configMap.data['PORT']).toBe(String(app.port));
    // The pod must outlive the preStop sleep plus the in-app drain, or Kubernetes kills requests mid-flight.
    const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop[0]).toBe('sleep');
    const budgetMs = Number(preStop[1]) * 1000 + Number(configMap.data['SHUTDOWN_TIMEOUT_MS']);
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(budgetMs);

    const secrets = (container.env ?? []).map((entry) => entry.name);
    expect(secrets).toContain('IDENTITY_SIGNING_KEY');
    expect(secrets.includes('DATABASE_URL')).toBe(app.dependencies.includes('postgres'));
    expect(secrets.includes('REDIS_URL')).toBe(app.dependencies.includes('redis'));
    for (const entry of container.env ?? []) expect(entry.valueFrom?.secretKeyRef?.key).toBe(entry.name);

    const service = load<{ spec: { ports: Array<{ port: number; targetPort: string }> } }>(path.join(dir, 'service.yaml'));
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: app.port, targetPort: 'http' })]);
    const hpa = load<{ apiVersion: string; spec: { scaleTargetRef: { name: string } } }>(path.join(dir, 'hpa.yaml'));
    expect(hpa).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { scaleTargetRef: { name: app.name } } });
    expect(load<{ kind: string }>(path.join(dir, 'pdb.yaml')).kind).toBe('PodDisruptionBudget');

    const policy = load<{ spec: { ingress: Array<{ from: Array<Record<string, { matchLabels: Record<string, string> }>> }> } }>(
      path.join(dir, 'networkpolicy.yaml'),
    );
    const sources = policy.spec.ingress.flatMap((rule) => rule.from);
    const expected = app.name === 'gateway'
      ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }
      : { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } };
    expect(sources).toEqual([expected, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);

    // Production refuses the development cursor key: each paging service needs its own Secret, in
    // the Deployment and in the migration Job (which validates the same configuration).
    const cursorKey = { name: 'CURSOR_SIGNING_KEY', valueFrom: { secretKeyRef: { name: `${app.name}-cursor`, key: 'CURSOR_SIGNING_KEY' } } };
    const expectCursorKey = (env: Container['env']) =>
      pagesWithSignedCursors(app) ? expect(env).toContainEqual(cursorKey) : expect(env?.map((entry) => entry.name)).not.toContain('CURSOR_SIGNING_KEY');
    expectCursorKey(container.env);

    if (app.dependencies.includes('postgres')) {
      const job = load<Workload>(path.join(dir, 'migration-job.yaml'));
      expect(job.kind).toBe('Job');
      expect(job.spec.template.spec.containers[0]?.command).toEqual(['node', `/app/apps/${app.name}/dist/main.js`, 'migrate']);
      expectCursorKey(job.spec.template.spec.containers[0]?.env);
    }
  });

  it.each(apps.map((app) => [app.name, app] as const))('composes %s with its dependencies and migrations', (_name, app) => {
    const compose = load<{ services: Record<string, { ports?: string[]; depends_on?: Record<string, { condition: string }>; build?: { args?: Record<string, string> } }> }>(
      path.join(REPO, 'docker-compose.yml'),
    );
    const service = compose.services[app.name];
    expect(service?.build?.args).toEqual({ APP: app.name });
    expect(service?.ports).toEqual([`${app.port}:${app.port}`]);
    const needs = Object.keys(service?.depends_on ?? {}).sort();
    const expected = [...app.dependencies, ...(app.dependencies.includes('postgres') ? [`${app.name}-migrate`] : [])].sort();
    expect(needs).toEqual(expected);
    for (const dependency of needs) expect(compose.services[dependency]).toBeDefined();
  });
});
