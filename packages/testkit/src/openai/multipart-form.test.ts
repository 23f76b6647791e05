import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from './multipart-form.js';

describe('parseMultipart', () => {
  it('reads the fields and files that fetch sends for a FormData body', async () => {
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    form.append('file', new Blob([new Uint8Array([1, 2, 3, 13, 10, 4])], { type: 'audio/wav' }), 'a.wav');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
    expect(boundary).toBeDefined();
    const parts = parseMultipart(Buffer.from(await request.arrayBuffer()), boundary ?? '');
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['model', undefined, undefined],
      ['timestamp_granularities[]', undefined, undefined],
      ['timestamp_granularities[]', undefined, undefined],
      ['file', 'a.wav', 'audio/wav'],
    ]);
    expect(parts[0]?.data.toString()).toBe('whisper-1');
    expect([...(parts[3]?.data ?? [])]).toEqual([1, 2, 3, 13, 10, 4]);
  });
});
