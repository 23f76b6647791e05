import { readFileSync } from 'node:fs';

/** Reads a package's `__fixtures__` folder (vendor example answers kept as published). */
export function fixtureReader(folder: URL) {
  const text = (name: string) => readFileSync(new URL(name, folder), 'utf8');
  return { text, json: (name: string) => JSON.parse(text(name)) as Record<string, unknown> };
}

/** The JSON payloads of an SSE body's `data:` lines, `[DONE]` left out. */
export function sseDataChunks(sse: string): Record<string, unknown>[] {
  return sse
    .split('\n\n')
    .map((event) => event.replace(/^data: /, '').trim())
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}
