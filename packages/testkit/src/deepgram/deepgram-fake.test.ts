import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { openTestSocket } from '../loopback/ws-test-client.js';
import { type DeepgramFake, speechWaveform, startDeepgramFake } from './deepgram-fake.js';

type Message = { type: string; [key: string]: unknown };

/** A raw client (no SDK): what the fake puts on the wire is checked as it is. */
const openLive = (fake: DeepgramFake, query: string, key = fake.apiKey) =>
  openTestSocket(`${fake.url.replace('http', 'ws')}/v1/listen?${query}`, {
    headers: { authorization: `Token ${key}` },
  });

/** `ms` of 16 kHz PCM16 silence (the fake counts audio; it does not listen to it). */
const audio = (ms: number) => Buffer.alloc((ms / 1000) * 16000 * 2);

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('Deepgram fake', () => {
  let fake: DeepgramFake;
  beforeEach(async () => {
    fake = await startDeepgramFake({ msPerWord: 200, wordsPerFinal: 2 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('live: SpeechStarted, interims, segment finals, speech_final and UtteranceEnd in Deepgram shapes', async () => {
    fake.script('Hello big world.');
    const { socket, messages } = await openLive(
      fake,
      'model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true&endpointing=100&utterance_end_ms=1000&vad_events=true&smart_format=true',
    );
    for (let i = 0; i < 90; i++) socket.send(audio(20));
    await until(() => messages.some((m) => m.type === 'UtteranceEnd'));
    expect(messages[0]).toEqual({ type: 'SpeechStarted', channel: [0], timestamp: 0 });
    const results = messages.filter((m) => m.type === 'Results');
    expect(results[0]).toMatchObject({
      type: 'Results',
      channel_index: [0, 1],
      start: 0,
      is_final: false,
      speech_final: false,
      from_finalize: false,
      channel: {
        alternatives: [
          {
            transcript: 'Hello',
            confidence: 0.98,
            words: [{ word: 'hello', start: 0, end: 0.16, confidence: 0.99, punctuated_word: 'Hello' }],
          },
        ],
      },
      metadata: { model_info: { arch: 'nova-3' } },
    });
    const finals = results.filter((m) => m.is_final);
    expect(
      finals.map((m) => [
        (m.channel as { alternatives: [{ transcript: string }] }).alternatives[0].transcript,
        m.speech_final,
      ]),
    ).toEqual([
      ['Hello big', false],
      ['world.', true],
    ]);
    expect(finals[0]).toMatchObject({ start: 0, duration: 0.4 });
    expect(messages.at(-1)).toEqual({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: 0.56 });
    socket.close();
  });

  it('live with silenceThreshold: silence hands out no words; a pause mid-script ends a segment with speech_final', async () => {
    await fake.close();
    fake = await startDeepgramFake({ msPerWord: 200, wordsPerFinal: 5, silenceThreshold: 0.01 });
    // Two words of speech, a 1 s pause, two more words: per-script pacing of 100 ms a word.
    fake.script('so let me think about it', { msPerWord: 100 });
    const { socket, messages } = await openLive(
      fake,
      'encoding=linear16&sample_rate=16000&interim_results=true&endpointing=300&vad_events=true&smart_format=true',
    );
    const voiced = (ms: number) =>
      Buffer.from(speechWaveform('x'.repeat(10), 16000).subarray(0, (ms / 1000) * 16000 * 2));
    for (let i = 0; i < 10; i++) socket.send(audio(20)); // 200 ms of silence first: nothing yet
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toEqual([]);
    for (let i = 0; i < 10; i++) socket.send(voiced(20)); // 200 ms: "so let"
    for (let i = 0; i < 50; i++) socket.send(audio(20)); // a 1 s pause
    for (let i = 0; i < 20; i++) socket.send(voiced(20)); // 400 ms: "me think about it"
    for (let i = 0; i < 20; i++) socket.send(audio(20));
    const transcript = (m: Message) =>
      (m.channel as { alternatives: [{ transcript: string }] }).alternatives[0].transcript;
    await until(() => messages.filter((m) => m.speech_final === true).length === 2);
    const finals = messages.filter((m) => m.is_final);
    expect(finals.map((m) => [transcript(m), m.speech_final])).toEqual([
      ['so let', true],
      ['me think about it', true],
    ]);
    // The first final came after 300 ms of the pause, not at its end; words carry the audio's times.
    expect(finals[0]).toMatchObject({ start: 0 });
    const firstWords = (
      finals[0]!.channel as { alternatives: [{ words: Array<{ start: number; end: number }> }] }
    ).alternatives[0].words;
    expect(firstWords[0]!.start).toBeGreaterThanOrEqual(0.2);
    expect(firstWords[1]!.end).toBeCloseTo(0.4, 2);
    const secondWords = (finals[1]!.channel as { alternatives: [{ words: Array<{ start: number }> }] })
      .alternatives[0].words;
    expect(secondWords[0]!.start).toBeGreaterThanOrEqual(1.4);
    expect(messages.filter((m) => m.type === 'SpeechStarted').map((m) => m.timestamp)).toEqual([0.2, 1.4]);
    socket.close();
  });

  it('live with silenceThreshold: words and endpoints follow the audio, not how the client cut its messages', async () => {
    await fake.close();
    fake = await startDeepgramFake({ msPerWord: 100, wordsPerFinal: 5, silenceThreshold: 0.01 });
    const voiced = Buffer.from(speechWaveform('x'.repeat(10), 16000).subarray(0, 0.18 * 16000 * 2));
    // 180 ms of speech after 100 ms of silence, then 600 ms of silence: 880 ms in all.
    const whole = Buffer.concat([audio(100), voiced, audio(600)]);
    const run = async (messageMs: number) => {
      fake.script('so let', { msPerWord: 90 });
      const { socket, messages } = await openLive(
        fake,
        'encoding=linear16&sample_rate=16000&interim_results=false&endpointing=300&vad_events=true',
      );
      const step = (messageMs / 1000) * 16000 * 2;
      for (let at = 0; at < whole.length; at += step) socket.send(whole.subarray(at, at + step));
      await until(() => messages.some((m) => m.speech_final === true));
      socket.close();
      return messages.map((m) => (m.type === 'Results' ? { ...m, metadata: undefined } : m));
    };
    const frameByFrame = await run(20);
    // 60 ms messages: one joins the end of the speech with the silence after it.
    expect(await run(60)).toEqual(frameByFrame);
    expect(await run(40)).toEqual(frameByFrame);
    const final = frameByFrame.find((m) => m.speech_final === true)!;
    const words = (final.channel as { alternatives: [{ words: Array<{ end: number }> }] }).alternatives[0]
      .words;
    expect(words.at(-1)!.end).toBeCloseTo(0.28, 2);
  });

  it('live: Finalize flushes with from_finalize; CloseStream sends Metadata and closes 1000', async () => {
    fake.script('one two three');
    const { socket, messages, closed } = await openLive(
      fake,
      'encoding=linear16&sample_rate=16000&endpointing=false',
    );
    socket.send(audio(100));
    socket.send(JSON.stringify({ type: 'Finalize' }));
    await until(() => messages.some((m) => m.from_finalize === true));
    const flushed = messages.find((m) => m.from_finalize === true)!;
    expect(flushed).toMatchObject({
      is_final: true,
      channel: { alternatives: [{ transcript: 'one two three' }] },
    });
    socket.send(JSON.stringify({ type: 'KeepAlive' }));
    socket.send(JSON.stringify({ type: 'CloseStream' }));
    expect(await closed).toEqual({ code: 1000, reason: '' });
    expect(messages.at(-1)).toMatchObject({
      type: 'Metadata',
      transaction_key: 'deprecated',
      channels: 1,
      duration: 0.1,
    });
    expect(fake.live[0]!.controlMessages.map((m) => m.type)).toEqual([
      'Finalize',
      'KeepAlive',
      'CloseStream',
    ]);
    expect(fake.live[0]!.audioBytes).toBe(3200);
  });

  it('live: a wrong key is refused at the upgrade, an idle socket is closed like NET-0001, a drop cuts without a close frame', async () => {
    await expect(openLive(fake, 'sample_rate=16000', 'nope')).rejects.toThrow(
      /Unexpected server response: 401/,
    );
    expect(fake.live).toHaveLength(0);

    await fake.close();
    fake = await startDeepgramFake({ idleTimeoutMs: 100 });
    const idle = await openLive(fake, 'sample_rate=16000');
    expect(await idle.closed).toEqual({ code: 1011, reason: 'NET-0001' });

    fake.dropLiveAfter(40);
    const dropped = await openLive(fake, 'sample_rate=16000');
    dropped.socket.send(audio(20));
    dropped.socket.send(audio(20));
    expect((await dropped.closed).code).toBe(1006);
    expect(fake.live.at(-1)!.closedBy).toBe('dropped');
  });

  it('prerecorded: times the scripted words over the uploaded WAV', async () => {
    fake.script('Binary search.');
    const pcm = Buffer.alloc(16000 * 2);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(36 + pcm.length, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(16000, 24);
    header.writeUInt32LE(32000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(pcm.length, 40);
    const response = await fetch(`${fake.url}/v1/listen?model=nova-3&punctuate=true`, {
      method: 'POST',
      headers: { authorization: `Token ${fake.apiKey}`, 'content-type': 'application/octet-stream' },
      body: Buffer.concat([header, pcm]),
    });
    const body = (await response.json()) as {
      metadata: { duration: number };
      results: { channels: [{ alternatives: [{ transcript: string; words: unknown[] }] }] };
    };
    expect(body.metadata.duration).toBe(1);
    expect(body.results.channels[0].alternatives[0].transcript).toBe('Binary search.');
    expect(body.results.channels[0].alternatives[0].words).toEqual([
      { word: 'binary', start: 0, end: 0.4, confidence: 0.97, punctuated_word: 'Binary' },
      { word: 'search', start: 0.5, end: 0.9, confidence: 0.97, punctuated_word: 'search.' },
    ]);
    const denied = await fetch(`${fake.url}/v1/listen`, { method: 'POST', body: 'x' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' });
  });

  it('speak: linear16 PCM of a length proportional to the text; other encodings are refused', async () => {
    const speak = (query: string, text: string) =>
      fetch(`${fake.url}/v1/speak?${query}`, {
        method: 'POST',
        headers: { authorization: `Token ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
    const short = Buffer.from(
      await (await speak('encoding=linear16&sample_rate=16000&container=none', 'Hi there.')).arrayBuffer(),
    );
    const long = await speak(
      'encoding=linear16&sample_rate=16000&container=none',
      'Hi there, how are you doing today?',
    );
    expect(long.headers.get('dg-char-count')).toBe('34');
    const longPcm = Buffer.from(await long.arrayBuffer());
    expect(short.equals(speechWaveform('Hi there.', 16000))).toBe(true);
    expect(longPcm.length / short.length).toBeCloseTo(34 / 9, 1);
    const wav = Buffer.from(await (await speak('encoding=linear16&sample_rate=24000', 'Hi.')).arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect((await speak('encoding=mp3', 'Hi.')).status).toBe(400);
  });

  it('speak socket: Speak + Flush → binary PCM then Flushed; Clear → Cleared; Close → 1000', async () => {
    const socket = new WebSocket(
      `${fake.url.replace('http', 'ws')}/v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=16000`,
      {
        headers: { authorization: `Token ${fake.apiKey}` },
      },
    );
    const received: Array<Buffer | Message> = [];
    socket.on('message', (data, isBinary) =>
      received.push(isBinary ? (data as Buffer) : (JSON.parse(data.toString()) as Message)),
    );
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'Speak', text: 'Hello ' }));
    socket.send(JSON.stringify({ type: 'Speak', text: 'there.' }));
    socket.send(JSON.stringify({ type: 'Flush' }));
    await until(() => received.some((m) => !Buffer.isBuffer(m) && m.type === 'Flushed'));
    expect(received[0]).toMatchObject({ type: 'Metadata', model_name: 'aura-2-thalia-en' });
    const pcm = Buffer.concat(received.filter((m): m is Buffer => Buffer.isBuffer(m)));
    expect(pcm.equals(speechWaveform('Hello there.', 16000))).toBe(true);
    expect(received.at(-1)).toEqual({ type: 'Flushed', sequence_id: 0 });
    socket.send(JSON.stringify({ type: 'Clear' }));
    await until(() => received.some((m) => !Buffer.isBuffer(m) && m.type === 'Cleared'));
    socket.send(JSON.stringify({ type: 'Close' }));
    expect(await closed).toBe(1000);
  });
});
