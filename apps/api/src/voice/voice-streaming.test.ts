import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  VoiceTestClient as Client,
  type ServerMessage,
  startVoiceApi,
  startVoiceVendorFakes,
  streamAudio,
  tonePcm16,
  type VoiceApi,
  type VoiceTestClient,
  type VoiceVendorFakes,
} from './test-voice-api.js';

// The voice route with the real engine and the real vendor packages (OpenAI LLM, Deepgram STT,
// Cartesia TTS), built by the factory from settings that point at the testkit fakes.
const start = {
  type: 'start',
  role: 'backend',
  experienceLevel: 'mid',
  format: 'blended',
  sampleRate: 16_000,
};
const interviewerFinal = (m: ServerMessage) => m.role === 'interviewer' && m.final === true;

let fakes: VoiceVendorFakes;
let target: VoiceApi;
const clients: VoiceTestClient[] = [];

beforeAll(async () => {
  fakes = await startVoiceVendorFakes();
  // Every socket here comes from one loopback client: the per-client limit is not under test.
  target = await startVoiceApi(
    { ...fakes.env, VOICE_MAX_SESSIONS: '20', VOICE_MAX_SESSIONS_PER_CLIENT: '20' },
    await fakes.providers(),
  );
});
afterAll(async () => {
  await target?.close();
  await fakes?.close();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await expect.poll(() => target.app.voice.size, { timeout: 5_000 }).toBe(0);
  fakes.openai.respond(undefined);
  fakes.openai.reset();
  fakes.deepgram.reset();
  fakes.cartesia.reset();
});

async function connect(): Promise<VoiceTestClient> {
  const client = await Client.connect(target.wsUrl);
  clients.push(client);
  return client;
}

/** Chat requests that stream are the interviewer's replies; the rest (planning, grading) get a default. */
function replyWith(reply: { text: string; tokenDelayMs?: number; firstTokenDelayMs?: number }) {
  fakes.openai.respond((request) => (request.body?.stream === true ? reply : { text: '{}' }));
}

/** Starts an interview and waits until the greeting and first question have been spoken. */
async function startInterview(client: VoiceTestClient, extra: Record<string, unknown> = {}): Promise<void> {
  client.send({ ...start, ...extra });
  await client.waitFor('session');
  await client.waitFor('transcript', interviewerFinal, 15_000);
}

const longReply =
  'Thanks, that is a clear answer. I would like to go a little deeper into how you think about systems. ' +
  'Imagine a service that takes payments from many regions at once. How would you keep it consistent when a region fails, ' +
  'and what would you measure to know that it works? Take your time and walk me through it.';

describe('/ws/voice streamed end to end through the vendor fakes', () => {
  it('speaks the first sentences of a reply whose LLM stream never finishes', async () => {
    const client = await connect();
    await startInterview(client);
    // The stream sends about two sentences, then stalls with the socket open: a batch pipeline would stay silent.
    fakes.openai.respond((request) =>
      request.body?.stream === true ? { text: longReply, stallAfterChunks: 24 } : { text: '{}' },
    );
    const mark = client.mark();
    client.send({
      type: 'text',
      text: 'I moved our billing system to event sourcing on Kafka and Postgres.',
    });
    const audioStart = await client.waitFor('audio_start', () => true, 10_000, mark);
    await expect
      .poll(() => client.audio.filter((frame) => frame.at > audioStart.at).length)
      .toBeGreaterThan(5);
    expect(fakes.openai.openConnections()).toBeGreaterThanOrEqual(1);
    const spoken = client.of('transcript').filter((m) => m.turnId === audioStart.turnId);
    expect(String(spoken.at(-1)?.text)).toMatch(/^Thanks, that is a clear answer\./);
    expect(spoken.every((m) => m.final === false)).toBe(true);
    // Closing the socket cancels the stalled stream at the fake.
    client.close();
    await expect.poll(() => fakes.openConnections(), { timeout: 5_000 }).toBe(0);
  });

  it('sends the first audio frame of a reply while the LLM is still streaming it, and records the turn metrics', async () => {
    const client = await connect();
    await startInterview(client);
    replyWith({ text: longReply, tokenDelayMs: 40 });

    const framesBefore = client.audio.length;
    let openAtFirstFrame: number | undefined;
    client.socket.on('message', (_data, isBinary) => {
      if (isBinary && openAtFirstFrame === undefined && client.audio.length > framesBefore)
        openAtFirstFrame = fakes.openai.openConnections();
    });
    client.send({
      type: 'text',
      text: 'I led the move of our billing system to event sourcing on Kafka and Postgres.',
    });
    const reply = await client.waitFor(
      'transcript',
      (m) => interviewerFinal(m) && String(m.text).startsWith('Thanks, that is a clear answer'),
      20_000,
    );
    // The chat stream (about 60 tokens, 40 ms apart) was still open when the first frame arrived.
    expect(openAtFirstFrame).toBeGreaterThanOrEqual(1);
    const started = client.of('audio_start').filter((m) => m.turnId === reply.turnId);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ sampleRate: 24_000 });
    expect(client.of('audio_end').some((m) => m.turnId === reply.turnId)).toBe(true);

    const metrics = await client.waitFor('metrics', (m) => m.turnId === reply.turnId);
    expect(metrics.llmFirstTokenMs).toEqual(expect.any(Number));
    expect(metrics.ttsFirstByteMs).toEqual(expect.any(Number));
    expect(metrics.firstAudioMs).toEqual(expect.any(Number));
    const text = await (await fetch(`${target.url}/metrics`)).text();
    expect(Number(text.match(/^voice_first_audio_seconds_count (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(text.match(/^voice_llm_first_token_seconds_count (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(text.match(/^voice_tts_first_byte_seconds_count (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('silences the interviewer within 100 ms of a client interrupt: clear, then no more frames of that turn', async () => {
    const client = await connect();
    await startInterview(client);
    replyWith({ text: longReply, tokenDelayMs: 5 });
    const mark = client.mark();
    client.send({ type: 'text', text: 'We sharded by tenant and replayed the outbox after failover.' });
    const audioStart = await client.waitFor('audio_start', () => true, 15_000, mark);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const sentAt = performance.now();
    client.send({ type: 'interrupt' });
    const clear = await client.waitFor('clear', (m) => m.turnId === audioStart.turnId, 2_000);
    expect(clear.at - sentAt).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(client.audio.filter((frame) => frame.at > clear.at)).toHaveLength(0);
    const cut = await client.waitFor(
      'transcript',
      (m) => interviewerFinal(m) && m.turnId === audioStart.turnId,
    );
    expect(cut.interrupted).toBe(true);
    // What was heard is stored, not what was written: less than the whole reply.
    expect(String(cut.text).length).toBeLessThan(longReply.length);
  });

  it('silences the interviewer within 100 ms of the STT reporting speech', async () => {
    const client = await connect();
    await startInterview(client);
    replyWith({ text: longReply, tokenDelayMs: 5 });
    // The STT stream is open (audio flows while the interviewer talks, as from a live microphone).
    client.sendRaw(tonePcm16(100));
    const mark = client.mark();
    client.send({ type: 'text', text: 'Mostly idempotency keys and a reconciliation job every night.' });
    const audioStart = await client.waitFor('audio_start', () => true, 15_000, mark);
    await new Promise((resolve) => setTimeout(resolve, 500));
    fakes.deepgram.script('Sorry, can I ask something about that first?');
    const sentAt = performance.now();
    // The fake answers the first audio after a script with SpeechStarted; a microphone sends a frame every 20 ms.
    client.sendRaw(tonePcm16(20));
    const frames = setInterval(() => client.sendRaw(tonePcm16(20)), 20);
    const clear = await client
      .waitFor('clear', (m) => m.turnId === audioStart.turnId, 2_000)
      .finally(() => clearInterval(frames));
    expect(clear.at - sentAt).toBeLessThan(100);
    const live = fakes.deepgram.live.at(-1);
    expect(live?.sent.some((m) => m.type === 'SpeechStarted')).toBe(true);
    await streamAudio(client, 2_500, 8);
    const heard = await client.waitFor(
      'transcript',
      (m) => m.role === 'candidate' && m.final === true && String(m.text).includes('ask something'),
      10_000,
    );
    expect(heard.text).toMatch(/can I ask something about that first/i);
    // The reply to it was prepared at the candidate's pause, then played: /metrics counts both.
    const counted = async (metric: string, outcome: string) => {
      const text = await (await fetch(`${target.url}/metrics`)).text();
      const line = new RegExp(`^${metric}\\{outcome="${outcome}"\\} (\\d+)$`, 'm');
      return Number(text.match(line)?.[1] ?? 0);
    };
    const preemptive = (outcome: string) => counted('voice_preemptive_replies_total', outcome);
    await expect.poll(() => preemptive('used'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await preemptive('generated')).toBeGreaterThanOrEqual(1);
    // Its first sentence went to TTS when its stop arrived, before the next delta confirmed it.
    expect(await counted('voice_early_first_sentences_total', 'sent')).toBeGreaterThanOrEqual(1);
  });

  it('answers a whole base64 utterance with whole base64 WAV audio, no streamed frames', async () => {
    const client = await connect();
    client.send({ ...start, output: 'whole' });
    await client.waitFor('session');
    const greeting = await client.waitFor('audio', () => true, 15_000);
    const wav = Buffer.from(String(greeting.audio), 'base64');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(24_000);
    expect(wav.length).toBeGreaterThan(44 + 24_000);
    await client.waitFor('transcript', interviewerFinal);

    replyWith({ text: 'Good. Tell me about a time you disagreed with a design decision.' });
    fakes.deepgram.script('I would start with the data model and the failure cases.');
    const audios = client.of('audio').length;
    client.send({ type: 'audio', audio: tonePcm16(2_000).toString('base64') });
    const answer = await client.waitFor(
      'transcript',
      (m) => m.role === 'candidate' && m.final === true,
      10_000,
    );
    expect(answer.text).toMatch(/data model and the failure cases/);
    await client.waitFor('audio', () => client.of('audio').length > audios, 15_000);
    expect(client.audio).toHaveLength(0);
    expect(client.of('audio_start')).toHaveLength(0);
  });

  it('leaves no vendor stream, timer or session open after many sockets close mid-turn', async () => {
    replyWith({ text: longReply, tokenDelayMs: 30 });
    const sockets = 12;
    const clientsNow = await Promise.all(Array.from({ length: sockets }, () => connect()));
    await Promise.all(
      clientsNow.map(async (client, i) => {
        client.send(start);
        await client.waitFor('session');
        if (i % 3 === 0) {
          // Mid-greeting: the TTS stream is open.
          await client.waitFor('audio_start', () => true, 15_000);
        } else {
          await client.waitFor('transcript', interviewerFinal, 15_000);
          client.sendRaw(tonePcm16(200));
          // Mid-reply: LLM streaming, TTS speaking, STT listening.
          const mark = client.mark();
          client.send({ type: 'text', text: 'A long answer about queues, retries and backoff.' });
          await client.waitFor('audio_start', () => true, 15_000, mark);
        }
      }),
    );
    const connections = target.app.voice.list();
    expect(connections).toHaveLength(sockets);
    const held = () => connections.reduce((sum, c) => sum + c.openResources(), 0);
    expect(held()).toBeGreaterThan(0);
    expect(fakes.openConnections()).toBeGreaterThan(0);
    for (const client of clientsNow) client.socket.terminate();
    await expect.poll(() => target.app.voice.size, { timeout: 5_000 }).toBe(0);
    expect(held()).toBe(0);
    await expect
      .poll(() => fakes.openByVendor(), { timeout: 5_000 })
      .toEqual({ openai: 0, deepgram: 0, cartesia: 0 });
    const text = await (await fetch(`${target.url}/metrics`)).text();
    expect(text).toMatch(/^voice_active_sessions 0$/m);
    expect(clientsNow.every((c) => c.socket.readyState === WebSocket.CLOSED)).toBe(true);
  });
});
