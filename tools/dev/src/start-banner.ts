import type { AppManifest } from './app-manifest';

/** Any uuid works: a dev token names the workspace it acts in. */
const EXAMPLE_WORKSPACE_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/**
 * What `npm start` prints once every service is ready: where the platform is and one request that
 * works right now. Keep every line here true for what is built today.
 */
export function startBanner(apps: readonly AppManifest[]): string[] {
  const gateway = apps.find((app) => app.name === 'gateway');
  const lines = ['', 'Forecastin is up.', ''];
  for (const app of apps) lines.push(`  ${app.name.padEnd(20)} http://localhost:${app.port}`);
  lines.push('');
  if (gateway !== undefined) {
    const base = `http://localhost:${gateway.port}`;
    lines.push(`Gateway: ${base}`, '', 'Try:', `  curl -s ${base}/health/ready`);
    lines.push(
      '',
      'Authenticated (a dev token from tools/token; only this local gateway trusts its key):',
      `  TOKEN=$(npm run -s token -- --roles viewer --workspace ${EXAMPLE_WORKSPACE_ID})`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${base}/api/v1/entities`,
    );
  } else {
    const first = apps[0];
    if (first !== undefined) lines.push('Try:', `  curl -s http://localhost:${first.port}/health/ready`);
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  return lines;
}
