import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type CartesiaFake, startCartesiaFake } from './cartesia-fake.js';

const format = { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 };

function connect(
  url: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('startCartesiaFake', () => {
  let fake: CartesiaFake;
  beforeEach(async () => {
    fake = await startCartesiaFake({ tone: { msPerCharacter: 10 } });
  });
  afterEach(async () => {
    await fake.close();
  });

  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(`${fake.url}/tts/bytes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers the bytes endpoint with PCM of the expected length, for the older X-API-Key auth too', async () => {
    const response = await post(
      { model_id: 'sonic-2', transcript: 'Hello!', voice: { mode: 'id', id: 'v' }, output_format: format },
      { 'x-api-key': fake.apiKey, 'cartesia-version': '2025-04-16' },
    );
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(fake.expectedSamples('Hello!', 16000) * 2);
    // A sine starts at zero and rises.
    expect(bytes.readInt16LE(0)).toBe(0);
    expect(bytes.readInt16LE(2)).toBeGreaterThan(0);
  });

  it('refuses a wrong key (401), a missing version (400) and a malformed request (400)', async () => {
    const body = { model_id: 'sonic-3', transcript: 'x', voice: 'v', output_format: format };
    expect((await post(body, { authorization: 'Bearer nope', 'cartesia-version': 'v' })).status).toBe(401);
    expect((await post(body, { authorization: `Bearer ${fake.apiKey}` })).status).toBe(400);
    const bad = await post(
      { ...body, output_format: { container: 'mp3', sample_rate: 16000 } },
      { authorization: `Bearer ${fake.apiKey}`, 'cartesia-version': 'v' },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('output_format');
  });

  it('speaks the websocket protocol: chunks per context, flush_done, timestamps, done', async () => {
    const { ws, messages } = await connect(`${fake.url.replace('http', 'ws')}/tts/websocket`, {
      authorization: `Bearer ${fake.apiKey}`,
      'cartesia-version': '2026-08-14',
    });
    // Every input of a context repeats the same fields, add_timestamps included.
    const base = {
      model_id: 'sonic-3',
      voice: 'v',
      output_format: format,
      context_id: 'c1',
      add_timestamps: true,
    };
    ws.send(JSON.stringify({ ...base, transcript: 'One two. ', continue: true }));
    ws.send(JSON.stringify({ ...base, transcript: '', continue: true, flush: true }));
    ws.send(JSON.stringify({ ...base, transcript: 'Three.', continue: false }));
    await waitFor(() => messages.some((m) => m.type === 'done'));
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('timestamps');
    expect(messages[0]?.word_timestamps).toMatchObject({ words: ['One', 'two.'] });
    expect(types).toContain('flush_done');
    expect(types.at(-1)).toBe('done');
    expect(messages.every((m) => m.context_id === 'c1')).toBe(true);
    const samples = messages
      .filter((m) => m.type === 'chunk')
      .reduce((sum, m) => sum + Buffer.from(String(m.data), 'base64').length / 2, 0);
    expect(samples).toBe(fake.expectedSamples('One two. Three.', 16000));
    ws.close();
  });

  it('accepts credentials in the query, as browsers send them', async () => {
    const { ws } = await connect(
      `${fake.url.replace('http', 'ws')}/tts/websocket?api_key=${fake.apiKey}&cartesia_version=2026-08-14`,
      {},
    );
    expect(fake.connections).toHaveLength(1);
    ws.close();
  });

  it('stops a cancelled context and rejects text on a finished one', async () => {
    fake.slow({ chunkDelayMs: 30 });
    const { ws, messages } = await connect(`${fake.url.replace('http', 'ws')}/tts/websocket`, {
      authorization: `Bearer ${fake.apiKey}`,
      'cartesia-version': 'v',
    });
    const base = { model_id: 'sonic-3', voice: 'v', output_format: format, context_id: 'c1' };
    ws.send(
      JSON.stringify({ ...base, transcript: 'A long sentence that takes many chunks to speak out loud.' }),
    );
    await waitFor(() => messages.length >= 1);
    ws.send(JSON.stringify({ cancel: true, context_id: 'c1' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const count = messages.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages.length).toBe(count);
    expect(messages.some((m) => m.type === 'done')).toBe(false);
    ws.send(JSON.stringify({ ...base, transcript: 'More.' }));
    await waitFor(() => messages.some((m) => m.type === 'error'));
    expect(messages.at(-1)).toMatchObject({ type: 'error', error_code: 'context_closed', context_id: 'c1' });
    ws.close();
  });

  it('refuses the upgrade with a wrong key', async () => {
    await expect(
      connect(`${fake.url.replace('http', 'ws')}/tts/websocket`, {
        authorization: 'Bearer nope',
        'cartesia-version': 'v',
      }),
    ).rejects.toThrow(/401/);
  });
});

describe('startCartesiaFake latency profile', () => {
  let fake: CartesiaFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('waits firstChunkDelayMs before the first audio and paces chunks at the real-time factor', async () => {
    // 4410 samples at 16 kHz is 275.6 ms of audio a chunk; at factor 0.2, 55 ms apart.
    fake = await startCartesiaFake({
      wsChunkSamples: 4410,
      tone: { msPerCharacter: 100 },
      firstChunkDelayMs: 120,
      realtimeFactor: 0.2,
    });
    const { ws } = await connect(`${fake.url.replace('http', 'ws')}/tts/websocket`, {
      'x-api-key': fake.apiKey,
      'cartesia-version': '2025-04-16',
    });
    const arrivals: number[] = [];
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'chunk')
        arrivals.push(performance.now());
    });
    const sentAt = performance.now();
    // 30 characters: 3 s of audio, 11 chunks.
    ws.send(
      JSON.stringify({
        model_id: 'sonic-2',
        transcript: 'x'.repeat(30),
        voice: { mode: 'id', id: 'v' },
        output_format: format,
        context_id: 'c1',
      }),
    );
    await waitFor(() => arrivals.length === 11, 5_000);
    expect(arrivals[0]! - sentAt).toBeGreaterThanOrEqual(115);
    // Ten gaps of about 55 ms: paced, not sent at once (a loaded machine only adds time).
    expect(arrivals[10]! - arrivals[0]!).toBeGreaterThanOrEqual(10 * 55 * 0.9);
    ws.close();
  });

  it('paces the bytes endpoint the same way', async () => {
    fake = await startCartesiaFake({
      tone: { msPerCharacter: 100 },
      firstChunkDelayMs: 80,
      realtimeFactor: 0.1,
    });
    const startedAt = performance.now();
    const response = await fetch(`${fake.url}/tts/bytes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey, 'cartesia-version': 'v' },
      body: JSON.stringify({
        model_id: 'sonic-2',
        transcript: 'x'.repeat(30),
        voice: 'v',
        output_format: format,
      }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(fake.expectedSamples('x'.repeat(30), 16000) * 2);
    // 80 ms to the first byte, then 3 s of audio at a tenth of real time.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(80 + 300 * 0.9);
  });
});
