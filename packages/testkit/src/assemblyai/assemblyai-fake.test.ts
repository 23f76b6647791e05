import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestSocket } from '../loopback/ws-test-client.js';
import { type AssemblyAIFake, startAssemblyAIFake } from './assemblyai-fake.js';
import { fakeTlsCert } from './fake-tls-cert.js';

/** A raw client (no SDK) that trusts the fake's certificate explicitly. */
const openStreaming = (fake: AssemblyAIFake, query: string, headers: Record<string, string> = {}) =>
  openTestSocket(`${fake.streamingUrl}?${query}`, { headers, ca: fakeTlsCert });

const audio = (ms: number) => Buffer.alloc((ms / 1000) * 16000 * 2);

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('AssemblyAI fake', () => {
  let fake: AssemblyAIFake;
  beforeEach(async () => {
    fake = await startAssemblyAIFake({ msPerWord: 200, pollsUntilDone: 3 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('streaming over TLS: Begin, partial Turns, raw then formatted end of turn, Termination', async () => {
    fake.script('Hi, my name is Sonny.');
    const { socket, messages, closed } = await openStreaming(
      fake,
      'speech_model=universal-streaming-english&sample_rate=16000&encoding=pcm_s16le&format_turns=true&min_turn_silence=200',
      { authorization: fake.apiKey },
    );
    for (let i = 0; i < 14; i++) socket.send(audio(100));
    await until(() => messages.filter((m) => m.type === 'Turn' && m.end_of_turn).length === 2);
    expect(messages[0]).toMatchObject({
      type: 'Begin',
      id: expect.any(String),
      expires_at: expect.any(Number),
    });
    const turns = messages.filter((m) => m.type === 'Turn');
    expect(turns[0]).toEqual({
      type: 'Turn',
      turn_order: 0,
      turn_is_formatted: false,
      end_of_turn: false,
      // The first word is still open: not final, not yet in `transcript` (message-sequence page).
      transcript: '',
      end_of_turn_confidence: 0.05,
      words: [{ start: 0, end: 160, text: 'hi', confidence: 0.9, word_is_final: false }],
      utterance: '',
    });
    const ends = turns.filter((t) => t.end_of_turn);
    expect(ends.map((t) => [t.turn_is_formatted, t.transcript])).toEqual([
      [false, 'hi my name is sonny'],
      [true, 'Hi, my name is Sonny.'],
    ]);
    expect(ends[0]!.utterance).toBe('hi my name is sonny');
    socket.send(JSON.stringify({ type: 'Terminate' }));
    expect((await closed).code).toBe(1000);
    expect(messages.at(-1)).toMatchObject({ type: 'Termination', audio_duration_seconds: 1 });
  });

  it('streaming: ForceEndpoint ends the turn now; chunks outside 50–1000 ms are an input violation', async () => {
    fake.script('one two three');
    const first = await openStreaming(fake, 'speech_model=universal-streaming-english&sample_rate=16000', {
      authorization: fake.apiKey,
    });
    first.socket.send(audio(100));
    first.socket.send(JSON.stringify({ type: 'ForceEndpoint' }));
    await until(() => first.messages.some((m) => m.type === 'Turn' && m.end_of_turn));
    expect(first.messages.find((m) => m.end_of_turn)).toMatchObject({ transcript: 'one two three' });
    first.socket.send(audio(20));
    expect(await first.closed).toEqual({ code: 3007, reason: 'Input Duration Violation' });
    expect(first.messages.at(-1)).toMatchObject({ type: 'Error', error_code: 3007 });
  });

  it('streaming auth: header key, or a single-use token from /v3/token; anything else gets 4001', async () => {
    const tokenResponse = await fetch(`${fake.url}/v3/token?expires_in_seconds=60`, {
      headers: { authorization: fake.apiKey },
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const withToken = await openStreaming(
      fake,
      `speech_model=universal-streaming-english&sample_rate=16000&token=${token}`,
    );
    await until(() => withToken.messages.length > 0);
    expect(withToken.messages[0]?.type).toBe('Begin');
    withToken.socket.close();
    const reused = await openStreaming(
      fake,
      `speech_model=universal-streaming-english&sample_rate=16000&token=${token}`,
    );
    expect(await reused.closed).toEqual({ code: 4001, reason: 'Not Authorized' });
    const bad = await openStreaming(fake, 'speech_model=universal-streaming-english&sample_rate=16000', {
      authorization: 'wrong',
    });
    expect((await bad.closed).code).toBe(4001);
    const badRate = await openStreaming(fake, 'speech_model=universal-streaming-english&sample_rate=4000', {
      authorization: fake.apiKey,
    });
    expect((await badRate.closed).code).toBe(4000);
    expect(
      (
        await fetch(`${fake.url}/v3/token?expires_in_seconds=601`, {
          headers: { authorization: fake.apiKey },
        })
      ).status,
    ).toBe(400);
  });

  it('async: upload, submit, then queued → processing → completed with words in ms', async () => {
    fake.script('Hello world.');
    const headers = { authorization: fake.apiKey };
    const upload = (await (
      await fetch(`${fake.url}/v2/upload`, { method: 'POST', headers, body: Buffer.alloc(32000) })
    ).json()) as { upload_url: string };
    expect(upload.upload_url).toMatch(/^https:\/\/cdn\.assemblyai\.com\/upload\//);
    const submitted = (await (
      await fetch(`${fake.url}/v2/transcript`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ audio_url: upload.upload_url, speech_models: ['universal-2'] }),
      })
    ).json()) as { id: string; status: string };
    expect(submitted.status).toBe('queued');
    const statuses: string[] = [];
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) {
      last = (await (await fetch(`${fake.url}/v2/transcript/${submitted.id}`, { headers })).json()) as Record<
        string,
        unknown
      >;
      statuses.push(String(last.status));
    }
    expect(statuses).toEqual(['queued', 'processing', 'completed']);
    expect(last).toMatchObject({
      speech_model_used: 'universal-2',
      text: 'Hello world.',
      audio_duration: 2,
      words: [
        { text: 'Hello', start: 0, end: 800, confidence: 0.95, speaker: null },
        { text: 'world.', start: 1000, end: 1800, confidence: 0.95, speaker: null },
      ],
    });
    const denied = await fetch(`${fake.url}/v2/transcript/${submitted.id}`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'Authentication error, API token missing/invalid' });
  });
});
