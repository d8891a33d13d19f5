import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverApps, needsMigration } from './app-manifest';

describe('discoverApps', () => {
  let root: string;
  const writeApp = (name: string, pkg: unknown): void => {
    mkdirSync(path.join(root, 'apps', name), { recursive: true });
    writeFileSync(path.join(root, 'apps', name, 'package.json'), JSON.stringify(pkg));
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dev-runner-apps-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds every app with a forecastin field, ordered by port, and knows which ones migrate', () => {
    writeApp('entity-service', { forecastin: { port: 3001, dependencies: ['postgres', 'nats'], schema: 'entity' } });
    writeApp('gateway', { forecastin: { port: 3000, dependencies: ['redis'], schema: null } });
    mkdirSync(path.join(root, 'apps', 'notes')); // a folder without package.json is not an app

    const apps = discoverApps(root);

    expect(apps.map((app) => [app.name, app.port])).toEqual([
      ['gateway', 3000],
      ['entity-service', 3001],
    ]);
    expect(apps.filter(needsMigration).map((app) => app.name)).toEqual(['entity-service']);
    expect(apps[1]?.dir).toBe(path.join(root, 'apps', 'entity-service'));
  });

  it('returns nothing when there is no apps folder', () => {
    expect(discoverApps(root)).toEqual([]);
  });

  it('lists every malformed manifest and port clash in one error', () => {
    writeApp('a-service', { forecastin: { port: 3001, dependencies: ['postgres'], schema: 'a' } });
    writeApp('b-service', { forecastin: { port: 3001, dependencies: [], schema: null } });
    writeApp('c-service', { forecastin: { port: 'x', dependencies: ['mysql'], schema: null } });
    writeApp('d-service', { name: 'no forecastin field' });

    expect(() => discoverApps(root)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/c-service[\s\S]*d-service[\s\S]*a-service and b-service both use port 3001/) as unknown,
      }),
    );
  });
});
