import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { registerDocsRoutes } from '../src/docs';

// The probe's flags: without the background-networking ones Chromium hammers this closed network.
/** Waits for `work`, at most `ms` (an unreferenced timer, so it never holds the test process open). */
const atMost = (work: Promise<unknown> | undefined, ms = 5000) => Promise.race([work, sleep(ms, undefined, { ref: false })]);

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Kills a launched Chromium, every step bounded: in CI both a graceful browser.close() and
 * Playwright's kill() (which waits for 'close', i.e. for every inherited stdio pipe, which a
 * surviving Chromium helper process can hold open) outlasted the 60 s hook timeout.
 */
async function killChromium(chromiumServer: BrowserServer, browser: Browser | undefined): Promise<void> {
  await atMost(browser?.close()); // a connected browser: this only disconnects
  const chromiumProcess = chromiumServer.process();
  if (chromiumProcess.pid !== undefined && chromiumProcess.exitCode === null) {
    const exited = once(chromiumProcess, 'exit');
    process.kill(-chromiumProcess.pid, 'SIGKILL'); // Playwright starts it as a process group leader
    await atMost(exited);
  }
  await atMost(chromiumServer.kill()); // closes Playwright's own side (its WebSocket server)
}

describe('API docs (/api/docs, /api/docs/openapi.json)', () => {
  let server: FastifyInstance;
  let base: string;
  let chromiumServer: BrowserServer | undefined;
  let browser: Browser;
  let setUp: Promise<void> | undefined;
  let tornDown = false;

  async function setUpSuite(): Promise<void> {
    execFileSync('bash', [join(__dirname, 'ensure-chromium.sh')], { stdio: 'inherit' });
    server = Fastify();
    registerDocsRoutes(server);
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    // Playwright gives each launch a fresh, temporary profile itself. Launched as a server so the
    // suite can kill its process group itself (killChromium).
    const launched = await chromium.launchServer({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    chromiumServer = launched;
    // A set-up that outlived its hook's timeout finishes after the teardown ran: Chromium would
    // then keep the test process alive for ever.
    if (tornDown) return killChromium(launched, undefined);
    browser = await chromium.connect(launched.wsEndpoint());
  }

  beforeAll(() => (setUp = setUpSuite()), 180_000);

  afterAll(async () => {
    tornDown = true;
    await atMost(setUp?.catch(() => undefined), 30_000);
    if (chromiumServer) await killChromium(chromiumServer, browser);
    await server?.close();
  }, 60_000);

  it('serves the document with an ETag and answers If-None-Match with 304', async () => {
    const first = await fetch(`${base}/api/docs/openapi.json`);
    expect(first.status).toBe(200);
    const document = (await first.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toContain('/api/v1/entities/{id}');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetch(`${base}/api/docs/openapi.json`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('serves only the known assets', async () => {
    expect((await fetch(`${base}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    const unknown = await fetch(`${base}/api/docs/assets/package.json`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('renders the operations of the document in headless Chromium under its CSP', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    const external: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:')) external.push(request.url());
    });
    const response = await page.goto(`${base}/api/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const text = await page.locator('#swagger-ui').innerText();
    expect(text).toContain('/api/v1/entities/{id}');
    expect(text).toContain('Get an entity');
    expect(text).toContain('/ofrep/v1/evaluate/flags/{key}');
    expect(violations).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 60_000);
});
