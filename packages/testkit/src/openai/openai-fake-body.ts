import type { IncomingHttpHeaders } from 'node:http';

/** Split text into word-sized deltas that join back to exactly the text. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

export function parseJsonBody(
  raw: Buffer,
  headers: IncomingHttpHeaders,
): Record<string, unknown> | undefined {
  if (!String(headers['content-type'] ?? '').includes('json')) return undefined;
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function countWords(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let words = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') words += content.split(/\s+/).filter(Boolean).length;
  }
  return words;
}
