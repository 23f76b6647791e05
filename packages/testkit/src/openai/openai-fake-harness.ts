import type { OpenAiFake, OpenAiFakeRequest } from './openai-fake.js';

/**
 * The scripting half of a conformance harness (@bot-backend/conformance) for any
 * client pointed at an OpenAI fake, so each vendor's conformance test names only
 * how it builds its client. `fake` is read at call time: it may start in a beforeAll.
 */
export function openAiFakeControls(fake: () => OpenAiFake) {
  return {
    reply: (text: string, options?: { firstTokenDelayMs?: number; tokenDelayMs?: number }) =>
      fake().reply({ text, ...options }),
    script: (text: string) => fake().transcript(text),
    slow: (options: { chunkDelayMs: number }) => fake().slowSpeech(options),
    fail: (status: 400 | 401 | 403 | 429 | 500 | 503, options?: { retryAfterSec?: number }) =>
      fake().fail(status, options),
    stall: () => fake().stall(),
    openConnections: () => fake().openConnections(),
    reset: () => fake().reset(),
  };
}

/** The values of one field of a multipart request (a transcription's form), as text, in order. */
export function formValues(request: OpenAiFakeRequest | undefined, name: string): string[] {
  return (request?.form ?? []).filter((part) => part.name === name).map((part) => part.data.toString('utf8'));
}
