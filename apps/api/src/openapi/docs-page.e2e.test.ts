import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { type RunningServer, startServer } from '../server.js';
import { testDeps } from '../test-deps.js';
import { artifactsDir, findBrowserTools, launchChromium } from '../voice/test-browser-harness.js';
import { apiDocument } from './api-document.js';

// The API reference at /docs in headless Chromium: Scalar over GET /openapi.json, offline.
const { chromium } = findBrowserTools();
const required = process.env.REQUIRE_TEST_SERVERS === '1';
if (!chromium && !required) console.warn('[docs page e2e] skipped: no Chromium (set CHROMIUM_PATH)');

// Under REQUIRE_TEST_SERVERS=1 a missing Chromium fails the test instead of skipping it.
describe.skipIf(!chromium && !required)('the API reference page', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(() => {
    if (!chromium)
      throw new Error(
        'browser tests cannot run: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)',
      );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.shutdown('test over');
  });

  it('renders every documented operation from this server alone, with its error responses', async () => {
    const deps = testDeps({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    server = await startServer(createApp(deps), deps);
    const origin = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium(chromium!);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // CSP refusals land here too: the page must not even try another origin.
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });

    const res = await page.goto(`${origin}/docs`);
    expect(res?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await page.getByText('Grade a verbal answer').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Each tag's section lists its operations by method and path.
    const document = apiDocument();
    // Scalar renders the sections after the first one lazily: wait until every path is in the page.
    const missing = async () => {
      const html = await page.content();
      return Object.keys(document.paths).filter((path) => !html.includes(path));
    };
    await expect.poll(missing, { timeout: 30_000, interval: 250 }).toEqual([]);

    // A person opens the report operation: its path, parameter and error responses are there.
    await page.getByText('Sessions', { exact: true }).first().click();
    await page.getByText('The report of a finished interview').first().click();
    for (const response of ['No such interview on this server', 'The interview is still running']) {
      await page.getByText(response).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    expect(page.url()).toContain('/v1/sessions/');
    await page.screenshot({
      path: fileURLToPath(new URL('docs-page.png', artifactsDir)),
    });

    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 90_000);
});
