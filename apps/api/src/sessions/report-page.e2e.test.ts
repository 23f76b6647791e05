import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { InterviewSummary } from '@bot-backend/interview';
import type { Browser } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, findBrowserTools, launchChromium } from '../voice/browser-harness.js';
import { startVoiceApi, type VoiceApi, VoiceTestClient } from '../voice/voice-test-support.js';

// The report page (report.html) in headless Chromium, for an interview run over /ws/voice.
const tools = findBrowserTools();
const required = process.env.REQUIRE_TEST_SERVERS === '1';
if (!tools.chromium && !required) console.warn('[report page e2e] skipped: no Chromium');

const answer =
  'I mostly use the languages Go and Python, frameworks like gRPC, and tools such as Postgres and Kafka, because they keep services small.';

// Under REQUIRE_TEST_SERVERS=1 a missing Chromium fails the tests instead of skipping them.
describe.skipIf(!tools.chromium && !required)('the report page', () => {
  beforeAll(() => {
    if (!tools.chromium) throw new Error(`browser tests cannot run: ${tools.missing}`);
  });
  let browser: Browser | undefined;
  const running: VoiceApi[] = [];
  const clients: VoiceTestClient[] = [];
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    for (const client of clients.splice(0)) client.close();
    await Promise.all(running.splice(0).map((api) => api.close()));
  });

  it('shows each score with its cited transcript spans, and says plainly when a session is unknown', async () => {
    const api = await startVoiceApi();
    running.push(api);
    const client = await VoiceTestClient.connect(api.wsUrl);
    clients.push(client);
    await client.startTextInterview();
    client.send({ type: 'text', text: answer });
    await client.waitFor('evaluation');
    client.send({ type: 'end' });
    const { summary } = (await client.waitFor('summary')) as unknown as { summary: InterviewSummary };

    browser = await launchChromium(tools.chromium!);
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${api.url}/client/report.html?id=${summary.sessionId}`);
    await page.locator('#report-head').waitFor({ state: 'visible', timeout: 15_000 });

    expect(await page.locator('#report-facts').textContent()).toContain(summary.sessionId);
    expect(await page.locator('#report-facts').textContent()).toContain(summary.versions.rubric);
    const question = page.locator('.report-question').first();
    expect(await question.locator('.badge').textContent()).toBe(`${summary.questions[0]!.score}/10`);
    // The evidence quotes the answer and links to its line in the transcript, which is highlighted.
    const evidence = question.locator('.evidence a').first();
    expect(await question.locator('.evidence q').first().textContent()).toBe(answer);
    const target = (await evidence.getAttribute('href'))!;
    const line = page.locator(target);
    expect(await line.getAttribute('class')).toContain('cited');
    expect(await line.locator('.what').textContent()).toBe(answer);
    expect(await page.locator('.report-transcript .tline').count()).toBe(summary.transcript.length);
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL('report-page.png', artifactsDir)), fullPage: true });

    await page.goto(`${api.url}/client/report.html?id=no-such-session`);
    await expect
      .poll(() => page.locator('#report-status').textContent())
      .toMatch(/not available: No interview session no-such-session/);
    expect(await page.locator('#report-head').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
