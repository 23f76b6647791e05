import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { vendorFixture } from '../vendor-fixtures.js';
import { type CartesiaFake, startCartesiaFake } from './cartesia-fake.js';

/** One test per rule the Cartesia fake enforces (see cartesia-fake-rules.ts for the sources). */

const format = { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 };
const valid = { model_id: 'sonic-3', transcript: 'Hello there.', voice: 'voice-1', output_format: format };

describe('Cartesia fake: what /tts/bytes refuses', () => {
  let fake: CartesiaFake;
  beforeEach(async () => {
    fake = await startCartesiaFake({ tone: { msPerCharacter: 5 } });
  });
  afterEach(async () => {
    await fake.close();
  });

  const post = (body: unknown, version = '2026-08-14') =>
    fetch(`${fake.url}/tts/bytes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${fake.apiKey}`,
        'cartesia-version': version,
      },
      body: JSON.stringify(body),
    });

  it('accepts the documented request', async () => {
    const response = await post(valid);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(fake.expectedSamples(valid.transcript, 16000) * 2);
  });

  it('answers a sunsetted model (sonic-english) with the body the api-changes page shows', async () => {
    const response = await post({ ...valid, model_id: 'sonic-english' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    const documented = vendorFixture<Record<string, unknown>>('cartesia', 'model-sunsetted.json');
    expect(Object.keys(body).sort()).toEqual(Object.keys(documented).sort());
    expect({ ...body, request_id: documented.request_id }).toEqual(documented);
  });

  it('answers an unknown model with model_not_found', async () => {
    const response = await post({ ...valid, model_id: 'sonic-9' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 'model_not_found' });
  });

  it('speaks the structured error shape of api-errors for new versions, plain text for old ones', async () => {
    const documented = vendorFixture<Record<string, unknown>>('cartesia', 'http-error.json');
    const structured = (await (await post({ ...valid, model_id: 'sonic-9' })).json()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(structured).sort()).toEqual(Object.keys(documented).sort());
    const old = await post({ ...valid, model_id: 'sonic-9' }, '2025-04-16');
    expect(old.headers.get('content-type')).toContain('text/plain');
    expect(await old.text()).toMatch(/^Invalid model: /);
  });

  it.each([
    ['speed', 1.6],
    ['speed', 0.59],
    ['volume', 2.01],
    ['volume', 0.4],
  ])('refuses generation_config.%s = %d (outside the documented range)', async (field, value) => {
    const response = await post({ ...valid, generation_config: { [field]: value } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(`generation_config.${field}`);
  });

  it('accepts generation_config at the ends of its ranges', async () => {
    expect((await post({ ...valid, generation_config: { speed: 0.6, volume: 2 } })).status).toBe(200);
    expect((await post({ ...valid, generation_config: { speed: 1.5, volume: 0.5 } })).status).toBe(200);
  });

  it('refuses a voice embedding (gone since 2026-06-01) and a voice without an id', async () => {
    const embedding = await post({ ...valid, voice: { mode: 'embedding', embedding: [0.1, 0.2] } });
    expect(embedding.status).toBe(400);
    expect(((await embedding.json()) as { message: string }).message).toContain('embedding');
    expect((await post({ ...valid, voice: { mode: 'id' } })).status).toBe(400);
    expect((await post({ ...valid, voice: { mode: 'id', id: 'voice-1' } })).status).toBe(200);
  });

  it.each([
    [
      'a sample rate Cartesia does not render',
      { container: 'raw', encoding: 'pcm_s16le', sample_rate: 44000 },
    ],
    ['raw without an encoding', { container: 'raw', sample_rate: 16000 }],
    ['an unknown encoding', { container: 'raw', encoding: 'pcm_s24le', sample_rate: 16000 }],
    [
      'mp3 with an encoding instead of a bit rate',
      { container: 'mp3', encoding: 'pcm_s16le', sample_rate: 16000 },
    ],
    ['an unknown container', { container: 'ogg', encoding: 'pcm_s16le', sample_rate: 16000 }],
  ])('refuses an output_format with %s', async (_name, outputFormat) => {
    const response = await post({ ...valid, output_format: outputFormat });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('output_format');
  });

  it('answers a wav container with a RIFF header', async () => {
    const response = await post({ ...valid, output_format: { ...format, container: 'wav' } });
    expect(Buffer.from(await response.arrayBuffer()).toString('ascii', 0, 4)).toBe('RIFF');
  });

  it('refuses an empty transcript', async () => {
    expect((await post({ ...valid, transcript: ' ' })).status).toBe(400);
  });

  it('refuses a language the model no longer speaks (sonic-2 lost hi on 2026-06-01)', async () => {
    expect((await post({ ...valid, model_id: 'sonic-2', language: 'hi' })).status).toBe(400);
    expect((await post({ ...valid, model_id: 'sonic-3', language: 'hi' })).status).toBe(200);
  });
});

describe('Cartesia fake: websocket contexts', () => {
  let fake: CartesiaFake;
  let ws: WebSocket;
  let received: Record<string, unknown>[];
  beforeEach(async () => {
    fake = await startCartesiaFake({ tone: { msPerCharacter: 5 }, contextExpiryMs: 300 });
    ws = new WebSocket(`${fake.url.replace('http', 'ws')}/tts/websocket`, {
      headers: { authorization: `Bearer ${fake.apiKey}`, 'cartesia-version': '2026-08-14' },
    });
    received = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  });
  afterEach(async () => {
    ws.close();
    await fake.close();
  });

  const base = { model_id: 'sonic-3', voice: 'voice-1', output_format: format, context_id: 'c1' };
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 3000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const errors = () => received.filter((message) => message.type === 'error');

  it("speaks the contexts page's input-streaming example, transcripts joined verbatim", async () => {
    const example = vendorFixture<Record<string, unknown>[]>('cartesia', 'ws-input-streaming.json');
    for (const message of example) send({ ...base, ...message });
    await until(() => received.some((message) => message.type === 'done'));
    expect(errors()).toEqual([]);
    const samples = received
      .filter((message) => message.type === 'chunk')
      .reduce((sum, message) => sum + Buffer.from(String(message.data), 'base64').length / 2, 0);
    expect(samples).toBe(fake.expectedSamples("Hello, Sonic! I'm streaming inputs.", 16000));
  });

  it('refuses a continuation whose fields differ from the first input (here generation_config)', async () => {
    send({ ...base, transcript: 'One. ', continue: true, generation_config: { speed: 1.2 } });
    send({ ...base, transcript: 'Two.', continue: false });
    await until(() => errors().length > 0);
    expect(errors()[0]).toMatchObject({ context_id: 'c1', status_code: 400 });
    expect(String(errors()[0]?.message)).toContain('same');
  });

  it('lets transcript, continue and flush differ between inputs', async () => {
    send({ ...base, transcript: 'One. ', continue: true });
    send({ ...base, transcript: '', continue: true, flush: true });
    send({ ...base, transcript: 'Two.', continue: false });
    await until(() => received.some((message) => message.type === 'done'));
    expect(errors()).toEqual([]);
    expect(received.some((message) => message.type === 'flush_done')).toBe(true);
  });

  it('expires a context a while after its last audio and refuses input on it', async () => {
    send({ ...base, transcript: 'One. ', continue: true });
    await until(() => received.some((message) => message.type === 'chunk'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    send({ ...base, transcript: 'Two.', continue: false });
    await until(() => errors().length > 0);
    expect(errors()[0]).toMatchObject({ context_id: 'c1', error_code: 'context_expired' });
  });

  it('keeps a context alive while input keeps coming', async () => {
    send({ ...base, transcript: 'One. ', continue: true });
    await new Promise((resolve) => setTimeout(resolve, 60));
    send({ ...base, transcript: 'Two. ', continue: true });
    await new Promise((resolve) => setTimeout(resolve, 60));
    send({ ...base, transcript: '', continue: false });
    await until(() => received.some((message) => message.type === 'done'));
    expect(errors()).toEqual([]);
  });

  it('treats an input without continue as the last: more input on it is refused', async () => {
    send({ ...base, transcript: 'Only.' });
    await until(() => received.some((message) => message.type === 'done'));
    send({ ...base, transcript: 'More.' });
    await until(() => errors().length > 0);
    expect(errors()[0]).toMatchObject({ error_code: 'context_closed' });
  });

  it('refuses a non-raw container on the websocket', async () => {
    send({ ...base, output_format: { ...format, container: 'wav' }, transcript: 'Hi.' });
    await until(() => errors().length > 0);
    expect(String(errors()[0]?.message)).toContain('raw');
  });

  it('sends errors in the shape of the api-errors websocket example', async () => {
    send({ ...base, model_id: 'sonic-english', transcript: 'Hi.' });
    await until(() => errors().length > 0);
    const documented = vendorFixture<Record<string, unknown>>('cartesia', 'ws-error-event.json');
    expect(Object.keys(errors()[0] ?? {}).sort()).toEqual(Object.keys(documented).sort());
    expect(errors()[0]).toMatchObject({ error_code: 'model_sunsetted', done: true });
  });
});
