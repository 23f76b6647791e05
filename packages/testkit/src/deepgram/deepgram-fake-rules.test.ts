import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { vendorFixture } from '../vendor-fixtures.js';
import { type DeepgramFake, startDeepgramFake } from './deepgram-fake.js';

/** One test per rule the Deepgram fake enforces (see deepgram-fake-rules.ts for the sources). */

type Json = { type: string; [key: string]: unknown };

/** The handshake's answer: 101 (open), or the refusal's status and `dg-error` header. */
function handshake(
  url: string,
  key: string,
): Promise<{ status: number; dgError?: string; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Token ${key}` } });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, dgError: String(res.headers['dg-error'] ?? '') });
      res.resume();
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

const liveOk =
  'model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true&utterance_end_ms=1000';

describe('Deepgram fake: what the live /v1/listen handshake refuses', () => {
  let fake: DeepgramFake;
  beforeEach(async () => {
    fake = await startDeepgramFake();
  });
  afterEach(async () => {
    await fake.close();
  });
  const listen = (query: string) =>
    handshake(`${fake.url.replace('http', 'ws')}/v1/listen?${query}`, fake.apiKey);

  it('opens for the documented query', async () => {
    const result = await listen(liveOk);
    expect(result.status).toBe(101);
    result.socket?.close();
  });

  it.each([
    ['an unknown model', 'model=nova-9&encoding=linear16&sample_rate=16000', 'model'],
    ['an unknown encoding', 'model=nova-3&encoding=pcm&sample_rate=16000', 'encoding'],
    ['raw audio without sample_rate', 'model=nova-3&encoding=linear16', 'sample_rate'],
    ['amr-nb at a rate other than 8000', 'model=nova-3&encoding=amr-nb&sample_rate=16000', 'amr-nb'],
    [
      'channels that is not a positive integer',
      'model=nova-3&encoding=linear16&sample_rate=16000&channels=0',
      'channels',
    ],
    [
      'a boolean that is not true or false',
      'model=nova-3&encoding=linear16&sample_rate=16000&interim_results=yes',
      'interim_results',
    ],
    [
      'endpointing that is neither ms nor false',
      'model=nova-3&encoding=linear16&sample_rate=16000&endpointing=soon',
      'endpointing',
    ],
    [
      'utterance_end_ms without interim_results',
      'model=nova-3&encoding=linear16&sample_rate=16000&utterance_end_ms=1000',
      'interim_results',
    ],
    [
      'utterance_end_ms under 1000',
      'model=nova-3&encoding=linear16&sample_rate=16000&interim_results=true&utterance_end_ms=500',
      '1000',
    ],
    ['keywords on Nova-3', 'model=nova-3&encoding=linear16&sample_rate=16000&keywords=kafka', 'keyterm'],
  ])('refuses %s with 400 and a dg-error header', async (_name, query, named) => {
    const result = await listen(query);
    expect(result.status).toBe(400);
    const error = JSON.parse(result.dgError ?? '{}') as { err_msg?: string; request_id?: string };
    expect(error.err_msg).toContain(named);
    expect(error.request_id).toEqual(expect.any(String));
  });

  it('refuses a bad query on prerecorded requests too, with the JSON error body', async () => {
    const response = await fetch(`${fake.url}/v1/listen?model=nova-9`, {
      method: 'POST',
      headers: { authorization: `Token ${fake.apiKey}`, 'content-type': 'audio/wav' },
      body: new Uint8Array(100),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      err_code: 'Bad Request',
      err_msg: expect.stringContaining('model'),
    });
  });

  it('sends Results in the documented shape (same fields as the published example)', async () => {
    fake.script('Hello world.');
    const result = await listen(`${liveOk}&interim_results=true`);
    const messages: Json[] = [];
    result.socket?.on('message', (data) => messages.push(JSON.parse(data.toString()) as Json));
    for (let i = 0; i < 50; i++) result.socket?.send(Buffer.alloc(640));
    result.socket?.send(JSON.stringify({ type: 'Finalize' }));
    const deadline = Date.now() + 2000;
    while (!messages.some((m) => m.type === 'Results' && m.is_final) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const final = messages.find((m) => m.type === 'Results' && m.is_final);
    const documented = vendorFixture<Json>('deepgram', 'listen-results.json');
    expect(Object.keys(final ?? {}).sort()).toEqual(Object.keys(documented).sort());
    result.socket?.close();
  });
});

describe('Deepgram fake: the speak websocket', () => {
  let fake: DeepgramFake;
  beforeEach(async () => {
    fake = await startDeepgramFake({ ttsMsPerChar: 2, flushLimit: 3, flushWindowMs: 1000 });
  });
  afterEach(async () => {
    await fake.close();
  });
  const open = async (query = 'model=aura-2-thalia-en&encoding=linear16&sample_rate=16000') => {
    const result = await handshake(`${fake.url.replace('http', 'ws')}/v1/speak?${query}`, fake.apiKey);
    const messages: Json[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      result.socket?.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    result.socket?.on('message', (data, isBinary) => {
      if (!isBinary) messages.push(JSON.parse(data.toString()) as Json);
    });
    const send = (message: Json) => result.socket?.send(JSON.stringify(message));
    return { ...result, messages, closed, send };
  };
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 2000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it.each([
    ['a model that is not an Aura voice', 'model=nova-3&encoding=linear16&sample_rate=16000'],
    ['an encoding the stream does not offer', 'model=aura-2-thalia-en&encoding=mp3&sample_rate=16000'],
    ['a sample rate Aura does not render', 'model=aura-2-thalia-en&encoding=linear16&sample_rate=44100'],
    ['mulaw above 16 kHz', 'model=aura-2-thalia-en&encoding=mulaw&sample_rate=24000'],
  ])('refuses %s at the handshake', async (_name, query) => {
    expect((await open(query)).status).toBe(400);
  });

  it('answers Flush with Flushed in the documented shape', async () => {
    const speak = await open();
    speak.send({ type: 'Speak', text: 'Hello.' });
    speak.send({ type: 'Flush' });
    await until(() => speak.messages.some((m) => m.type === 'Flushed'));
    const flushed = speak.messages.find((m) => m.type === 'Flushed');
    expect(flushed).toEqual(vendorFixture('deepgram', 'speak-flushed.json'));
    speak.send({ type: 'Clear' });
    await until(() => speak.messages.some((m) => m.type === 'Cleared'));
    expect(Object.keys(speak.messages.find((m) => m.type === 'Cleared') ?? {}).sort()).toEqual(
      Object.keys(vendorFixture<Json>('deepgram', 'speak-cleared.json')).sort(),
    );
    speak.socket?.close();
  });

  it('past the Flush limit only warns: no Flushed, until the window has passed', async () => {
    const speak = await open();
    for (let i = 0; i < 4; i++) {
      speak.send({ type: 'Speak', text: `Sentence ${i}.` });
      speak.send({ type: 'Flush' });
    }
    await until(() => speak.messages.some((m) => m.type === 'Warning'));
    await until(() => speak.messages.filter((m) => m.type === 'Flushed').length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(speak.messages.filter((m) => m.type === 'Flushed')).toHaveLength(3);
    expect(speak.messages.find((m) => m.type === 'Warning')).toMatchObject({
      description: expect.stringContaining('Flush'),
      code: expect.any(String),
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    speak.send({ type: 'Flush' });
    await until(() => speak.messages.filter((m) => m.type === 'Flushed').length === 4);
    speak.socket?.close();
  });

  it('closes on a Speak over 2,000 characters, and takes one of exactly 2,000', async () => {
    const speak = await open();
    speak.send({ type: 'Speak', text: 'a'.repeat(2000) });
    speak.send({ type: 'Speak', text: 'a'.repeat(2001) });
    const closed = await speak.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('2000');
    expect(fake.speakSockets[0]?.controlMessages).toHaveLength(2);
  });

  it('reads nothing after Close, and warns about an unknown message type', async () => {
    const speak = await open();
    speak.send({ type: 'Shout', text: 'Hi' });
    await until(() => speak.messages.some((m) => m.type === 'Warning'));
    speak.send({ type: 'Close' });
    speak.send({ type: 'Speak', text: 'Too late.' });
    speak.send({ type: 'Flush' });
    await speak.closed;
    expect(speak.messages.filter((m) => m.type === 'Flushed')).toEqual([]);
    expect(fake.speakSockets[0]?.audioBytesSent).toBe(0);
  });

  it('refuses a REST request for a model that is not an Aura voice', async () => {
    const response = await fetch(`${fake.url}/v1/speak?model=nova-3&encoding=linear16&container=none`, {
      method: 'POST',
      headers: { authorization: `Token ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hello.' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ err_msg: expect.stringContaining('nova-3') });
  });

  it('refuses REST text over 2,000 characters', async () => {
    const response = await fetch(
      `${fake.url}/v1/speak?model=aura-2-thalia-en&encoding=linear16&container=none`,
      {
        method: 'POST',
        headers: { authorization: `Token ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'a'.repeat(2001) }),
      },
    );
    expect(response.status).toBe(400);
  });
});
