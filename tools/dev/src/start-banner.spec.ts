import { startBanner } from './start-banner';

const app = (name: string, port: number) => ({ name, dir: `/repo/apps/${name}`, port, dependencies: [], schema: null });

describe('startBanner', () => {
  it('shows an authenticated request through the gateway with a dev token', () => {
    const lines = startBanner([app('gateway', 3000), app('entity-service', 3001)]);
    const tokenLine = lines.find((line) => line.includes('npm run -s token'));
    expect(tokenLine).toMatch(/TOKEN=\$\(npm run -s token -- --roles viewer --workspace [0-9a-f-]{36}\)/);
    expect(lines).toContain('  curl -s -H "Authorization: Bearer $TOKEN" http://localhost:3000/api/v1/entities');
  });

  it('has no token example without a gateway', () => {
    expect(startBanner([app('entity-service', 3001)]).some((line) => line.includes('token'))).toBe(false);
  });
});
