import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { concatSamples, decodeWav, downmixToMono, encodeWav, msToSamples } from '@bot-backend/audio';
import { type Browser, chromium } from 'playwright-core';

const run = promisify(execFile);

/** What the browser tests need from the machine, and why they cannot run when something is missing. */
export interface BrowserTools {
  chromium: string | undefined;
  espeak: string | undefined;
  /** Set when a tool is missing: the tests skip with it (or fail under REQUIRE_TEST_SERVERS=1). */
  missing: string | undefined;
}

export function findBrowserTools(): BrowserTools {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const espeak = ['/usr/bin/espeak-ng', '/usr/local/bin/espeak-ng'].find((path) => existsSync(path));
  const problems: string[] = [];
  if (!existsSync(chromiumPath))
    problems.push(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!espeak) problems.push('no espeak-ng (apt-get install espeak-ng)');
  return {
    chromium: existsSync(chromiumPath) ? chromiumPath : undefined,
    espeak,
    missing: problems.length > 0 ? problems.join('; ') : undefined,
  };
}

/** Repo-root test-artifacts/ (git-ignored): screenshots of the page under test. */
export const artifactsDir = new URL('../../../../test-artifacts/', import.meta.url);

/**
 * A WAV of `text` spoken by espeak-ng for Chromium's fake microphone:
 * `leadMs` of silence, the speech, then `tailMs` of silence (mono PCM16).
 */
export async function speechWav(
  espeak: string,
  text: string,
  dir: string,
  options: { leadMs?: number; tailMs?: number } = {},
): Promise<{ path: string; speechMs: number }> {
  await mkdir(dir, { recursive: true });
  const raw = join(dir, 'espeak.wav');
  await run(espeak, ['-v', 'en-us', '-s', '165', '-w', raw, text]);
  const wav = decodeWav(new Uint8Array(await readFile(raw)));
  const speech = wav.channels === 1 ? wav.samples : downmixToMono(wav.samples, wav.channels);
  const silence = (ms: number) => new Int16Array(msToSamples(ms, wav.sampleRate));
  const samples = concatSamples([silence(options.leadMs ?? 300), speech, silence(options.tailMs ?? 4_000)]);
  const path = join(dir, 'answer.wav');
  await writeFile(path, encodeWav({ samples, sampleRate: wav.sampleRate }));
  return { path, speechMs: (speech.length / wav.sampleRate) * 1000 };
}

/**
 * Headless Debian Chromium with a fake microphone reading `wavPath` once (no loop). Media
 * permission is granted unless `denyMicrophone` (then getUserMedia fails as when a user blocks it).
 */
export function launchChromium(
  executablePath: string,
  wavPath?: string,
  options: { denyMicrophone?: boolean } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.denyMicrophone ? ['--deny-permission-prompts'] : ['--use-fake-ui-for-media-stream']),
      '--use-fake-device-for-media-stream',
      ...(wavPath ? [`--use-file-for-fake-audio-capture=${wavPath}%noloop`] : []),
    ],
  });
}
