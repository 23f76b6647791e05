import { MemoryAudioSink } from '@bot-backend/audio';
import { type CartesiaFake, type OpenAiFake, startCartesiaFake, startOpenAiFake } from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StreamedTurnInput, startStreamedTurn } from './streamed-turn.js';
import { TurnClock } from './turn-metrics.js';

// The real vendor packages, through their official SDKs, against loopback fakes.
let openai: OpenAiFake;
let cartesia: CartesiaFake;

beforeAll(async () => {
  openai = await startOpenAiFake();
  cartesia = await startCartesiaFake();
});
afterAll(async () => {
  await Promise.all([openai.close(), cartesia.close()]);
});

const reply =
  'That is a solid start. Could you walk me through how the cache is invalidated? ' +
  'And what happens to readers during a write? Take your time.';
const request = { messages: [{ role: 'user' as const, content: 'I would add a cache.' }] };

function vendors() {
  return {
    llm: createOpenAI({ apiKey: 'sk-test', baseURL: openai.openaiBaseURL }).llm(),
    tts: createCartesia({ apiKey: cartesia.apiKey, baseURL: cartesia.url }).tts(),
  };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('startStreamedTurn', () => {
  let sink: MemoryAudioSink;
  afterEach(async () => {
    await sink?.close();
  });

  it('sends the first audio while the LLM is still writing, and plays the whole reply', async () => {
    openai.reply({ text: reply, tokenDelayMs: 40 });
    sink = new MemoryAudioSink({ leadMs: 200, realtimeFactor: 20 });
    const clock = new TurnClock('t1');
    clock.mark('userTurnEnd');
    const sentences: string[] = [];
    const turn = startStreamedTurn({
      ...vendors(),
      request,
      sink,
      sampleRate: 16_000,
      clock,
      onSentence: (s) => sentences.push(s),
    });

    await turn.playout!.firstAudio;
    // The LLM's HTTP stream is still open at the fake when the first frame leaves.
    expect(openai.server.openConnections()).toBeGreaterThan(0);

    const result = await turn.result;
    expect(result.interrupted).toBe(false);
    expect(result.text).toBe(reply);
    expect(result.heardText).toBe(reply);
    expect(sentences).toEqual([
      'That is a solid start.',
      'Could you walk me through how the cache is invalidated?',
      'And what happens to readers during a write?',
      'Take your time.',
    ]);
    expect(sink.frames.every((f) => f.sampleRate === 16_000)).toBe(true);
    const expected = cartesia.expectedSamples(sentences.join(' '), 16_000);
    const got = sink.frames.reduce((n, f) => n + f.samples.length, 0);
    // The fake's tone length is proportional to text; context splitting may round per sentence.
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.05);
    // The first sentence went early and was confirmed; no TTS request was wasted.
    expect(result.earlySentences).toEqual({ sent: 1, refuted: 0 });
    // All sentences went on one Cartesia context, so the voice is kept.
    const contexts = new Set(
      cartesia.connections
        .at(-1)!
        .messages.map((m) => m.context_id)
        .filter(Boolean),
    );
    expect(contexts.size).toBe(1);
    const metrics = result.metrics;
    expect(metrics.llmFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(metrics.ttsFirstByteMs).toBeGreaterThanOrEqual(0);
    expect(metrics.firstAudioMs).toBeGreaterThanOrEqual(metrics.llmFirstTokenMs!);
  });

  it('barge-in silences the sink at once, closes the vendor streams and keeps only what was heard', async () => {
    openai.reply({ text: reply, tokenDelayMs: 30 });
    sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor: 1 });
    const clock = new TurnClock('t2');
    const turn = startStreamedTurn({ ...vendors(), request, sink, sampleRate: 16_000, clock });
    await turn.playout!.firstAudio;
    await new Promise((resolve) => setTimeout(resolve, 600));

    const started = performance.now();
    turn.interrupt();
    const sentAtInterrupt = sink.frames.length;
    const result = await turn.result;
    expect(performance.now() - started).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sink.frames.length).toBe(sentAtInterrupt);
    // A TTS connection kept for the next reply is open but generates nothing.
    await until(() => openai.server.openConnections() === 0 && cartesia.streamingConnections() === 0);

    expect(result.interrupted).toBe(true);
    expect(result.heardText.length).toBeGreaterThan(0);
    expect(result.heardText.length).toBeLessThan(reply.length);
    expect(reply.startsWith(result.heardText)).toBe(true);
  });

  it('a sentence filter keeps a sentence from ever being spoken, and can end the reply with its own', async () => {
    openai.reply({ text: reply, tokenDelayMs: 5 });
    sink = new MemoryAudioSink({ realtimeFactor: 50 });
    const checked: string[] = [];
    const spoken: string[] = [];
    const result = await startStreamedTurn({
      ...vendors(),
      request,
      sink,
      sampleRate: 16_000,
      clock: new TurnClock('t6'),
      onSentence: (s) => spoken.push(s),
      sentenceFilter: {
        keep: (sentence) => {
          checked.push(sentence);
          return !sentence.includes('?');
        },
        finish: () => 'How would you invalidate it?',
      },
    }).result;
    expect(checked).toEqual([
      'That is a solid start.',
      'Could you walk me through how the cache is invalidated?',
      'And what happens to readers during a write?',
      'Take your time.',
    ]);
    expect(spoken).toEqual(['That is a solid start.', 'Take your time.', 'How would you invalidate it?']);
    expect(result.heardText).toBe('That is a solid start. Take your time. How would you invalidate it?');
    // Only what was kept reached the TTS (continuations carry their own leading space), and was played.
    const kept = ['That is a solid start.', 'Take your time.', 'How would you invalidate it?'];
    const sent = cartesia.connections
      .at(-1)!
      .messages.map((m) => m.transcript)
      .filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    expect(sent.map((t) => t.trim())).toEqual(kept);
    const expected = cartesia.expectedSamples(sent.join(''), 16_000);
    const got = sink.frames.reduce((n, f) => n + f.samples.length, 0);
    // Chunking may round per sentence; the two dropped sentences would add far more than this.
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.05);
  });

  it('a text-only turn (no TTS) is heard in full', async () => {
    const clock = new TurnClock('t3');
    const result = await startStreamedTurn({ text: 'Welcome. Let us begin.', sampleRate: 16_000, clock })
      .result;
    expect(result).toMatchObject({
      text: 'Welcome. Let us begin.',
      heardText: 'Welcome. Let us begin.',
      interrupted: false,
    });
  });

  it('an LLM that fails mid-reply surfaces the error after speaking what it said', async () => {
    openai.reply({ text: reply, tokenDelayMs: 5, resetAfterChunks: 8 });
    sink = new MemoryAudioSink();
    const result = await startStreamedTurn({
      ...vendors(),
      request,
      sink,
      sampleRate: 24_000,
      clock: new TurnClock('t4'),
    }).result;
    expect(result.error?.kind).toBe('unavailable');
    expect(result.text.length).toBeGreaterThan(0);
    expect(reply.startsWith(result.text)).toBe(true);
    expect(sink.frames.length).toBeGreaterThan(0);
  });

  /** A reply whose LLM is slow to its first token, with a holding line after `afterMs`. */
  const slowTurn = (id: string, firstTokenDelayMs: number, afterMs: number, held = false) => {
    openai.reply({ text: 'Right. Next question.', firstTokenDelayMs });
    sink = new MemoryAudioSink();
    const clock = new TurnClock(id);
    const input = { ...vendors(), request, sink, sampleRate: 16_000, clock, held };
    return {
      clock,
      turn: startStreamedTurn({ ...input, holdingLine: { text: 'Give me a moment.', afterMs } }),
    };
  };

  it('speaks a holding line when the LLM is slow, so there is no dead air', async () => {
    const { clock, turn } = slowTurn('t5', 1_200, 300);
    await turn.playout!.firstAudio;
    const firstAudioAt = clock.at('firstAudio')!;
    const result = await turn.result;
    expect(result.heldOn).toBe(true);
    expect(firstAudioAt).toBeLessThan(clock.at('llmFirstToken')!);
    expect(result.text).toBe('Right. Next question.');
  });

  it('a turn held past its holding-line time speaks the holding line as soon as it is released', async () => {
    const { turn } = slowTurn('t6', 3_000, 1_000, true);
    // Held for 1.2 s (the candidate might have gone on): the wait counts from the turn's start.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const releasedAt = performance.now();
    turn.release();
    await turn.playout!.firstAudio;
    expect(performance.now() - releasedAt).toBeLessThan(900);
    turn.interrupt();
    expect((await turn.result).heldOn).toBe(true);
  });

  /** A held turn of the LLM's reply into the sink, its announced sentences kept. */
  const startHeld = (id: string, extra: Partial<StreamedTurnInput> = {}) => {
    const clock = new TurnClock(id);
    const spoken: string[] = [];
    const input = { ...vendors(), request, sink, sampleRate: 16_000, clock, held: true };
    const turn = startStreamedTurn({ ...input, onSentence: (s) => spoken.push(s), ...extra });
    return { turn, clock, spoken };
  };

  it('held (preemptive): writes and synthesizes its first sentence while held, but nothing reaches the sink or is announced until released', async () => {
    openai.reply({ text: reply, tokenDelayMs: 5 });
    sink = new MemoryAudioSink({ realtimeFactor: 50 });
    const { turn, clock, spoken } = startHeld('h1', {
      holdingLine: { text: 'Give me a moment.', afterMs: 50 },
    });
    // The first sentence's audio is ready, held back.
    await until(() => (turn.playout?.generatedMs ?? 0) > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.frames).toHaveLength(0);
    expect(sink.clears).toHaveLength(0);
    expect(spoken).toEqual([]);
    expect(clock.at('firstAudio')).toBeUndefined();
    // Only the first sentence went to TTS while held.
    const sentBeforeRelease = cartesia.connections
      .at(-1)!
      .messages.map((m) => m.transcript)
      .filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    expect(sentBeforeRelease.map((t) => t.trim())).toEqual(['That is a solid start.']);

    clock.mark('userTurnEnd');
    turn.release();
    const result = await turn.result;
    expect(result.interrupted).toBe(false);
    expect(result.heardText).toBe(reply);
    // No holding line: the audio was ready when the turn was released.
    expect(result.heldOn).toBe(false);
    expect(spoken).toHaveLength(4);
    const expected = cartesia.expectedSamples(spoken.join(' '), 16_000);
    const got = sink.frames.reduce((n, f) => n + f.samples.length, 0);
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.05);
    expect(result.metrics.firstAudioMs).toBeGreaterThanOrEqual(0);
  });

  it('held and interrupted, it goes without a sound: no frame, no clear, its vendor streams closed', async () => {
    openai.reply({ text: reply, tokenDelayMs: 20 });
    sink = new MemoryAudioSink({ realtimeFactor: 50 });
    const { turn, spoken } = startHeld('h2');
    await until(() => (turn.playout?.generatedMs ?? 0) > 0);
    turn.interrupt();
    turn.release();
    const result = await turn.result;
    expect(result.interrupted).toBe(true);
    // A TTS connection kept for the next reply is open but generates nothing.
    await until(() => openai.server.openConnections() === 0 && cartesia.streamingConnections() === 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.frames).toHaveLength(0);
    expect(sink.clears).toHaveLength(0);
    expect(spoken).toEqual([]);
  });

  it('released, it is ready and announced only with its first frame; stopped before that, it leaves no frame, clear or text', async () => {
    // A TTS that takes 400 ms to its first audio: the window in which nothing of the line was heard.
    const slow = await startCartesiaFake({ firstChunkDelayMs: 400 });
    try {
      const tts = createCartesia({ apiKey: slow.apiKey, baseURL: slow.url }).tts();
      sink = new MemoryAudioSink({ realtimeFactor: 50 });
      openai.reply({ text: reply, tokenDelayMs: 5 });
      let ready = false;
      const withdrawn = startHeld('r1', { tts });
      void withdrawn.turn.ready.then(() => {
        ready = true;
      });
      withdrawn.turn.release();
      await until(() => openai.chatRequests().length > 0 && slow.connections.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The LLM has written and the first sentence went to TTS, but nothing sounded: nothing is shown.
      expect(ready).toBe(false);
      expect(withdrawn.spoken).toEqual([]);
      withdrawn.turn.interrupt();
      expect((await withdrawn.turn.result).interrupted).toBe(true);
      expect(sink.frames).toHaveLength(0);
      expect(sink.clears).toHaveLength(0);
      expect(withdrawn.spoken).toEqual([]);

      openai.reply({ text: reply, tokenDelayMs: 5 });
      const played = startHeld('r2', { tts });
      await played.turn.ready;
      expect(played.turn.playout!.generatedMs).toBeGreaterThan(0);
      played.turn.release();
      await played.turn.playout!.firstAudio;
      await until(() => played.spoken.length > 0);
      expect((await played.turn.result).heardText).toBe(reply);
      expect(played.spoken).toHaveLength(4);
    } finally {
      await slow.close();
    }
  });
  describe('the first sentence goes to TTS when its stop arrives, before the next delta decides it', () => {
    /** The transcripts Cartesia was sent, with their contexts. */
    const sent = () =>
      cartesia.connections
        .flatMap((c) => c.messages)
        .filter((m) => typeof m.transcript === 'string' && m.transcript.trim() !== '')
        .map((m) => ({ text: String(m.transcript).trim(), context: m.context_id }));

    /** A turn on the fakes into a fresh sink, with the sentences it announces. */
    const listenedTurn = (id: string, input: Partial<StreamedTurnInput> = {}) => {
      sink = new MemoryAudioSink({ realtimeFactor: 20 });
      const spoken: string[] = [];
      const turn = startStreamedTurn({
        ...vendors(),
        request,
        sink,
        sampleRate: 16_000,
        clock: new TurnClock(id),
        onSentence: (s) => spoken.push(s),
        ...input,
      });
      return { turn, spoken };
    };

    it('is synthesized at once, and nothing of it sounds or is announced until the next delta confirms it', async () => {
      // The stream stops after the first sentence: without guessing, its TTS would wait for a delta that never comes.
      openai.reply({ chunks: ['Thanks, that makes sense.', ' Go on.'], stallAfterChunks: 1 });
      const { turn, spoken } = listenedTurn('g1');
      await until(() => sent().some((m) => m.text === 'Thanks, that makes sense.'));
      // The fake answers at once: the audio is here, and held.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sink.frames).toHaveLength(0);
      expect(spoken).toEqual([]);
      turn.interrupt();
      const result = await turn.result;
      expect(result.interrupted).toBe(true);
      expect(result.heardText).toBe('');
      expect(sink.frames).toHaveLength(0);
      expect(result.earlySentences).toEqual({ sent: 1, refuted: 0 });
    });

    it('a guess the next delta refutes is never heard: its context is cancelled and the sentence said whole', async () => {
      openai.reply({ chunks: ['The new version is 3.', '14 now.', ' Go on.'], tokenDelayMs: 150 });
      const { turn, spoken } = listenedTurn('g2');
      const result = await turn.result;
      expect(spoken).toEqual(['The new version is 3.14 now.', 'Go on.']);
      expect(result.heardText).toBe('The new version is 3.14 now. Go on.');
      // The whole sentence was guessed in turn when its own stop came, and confirmed.
      expect(result.earlySentences).toEqual({ sent: 2, refuted: 1 });
      const messages = cartesia.connections.flatMap((c) => c.messages);
      const guess = sent().find((m) => m.text === 'The new version is 3.');
      expect(guess).toBeDefined();
      expect(messages.some((m) => m.cancel === true && m.context_id === guess!.context)).toBe(true);
      // Only the sentences said were played: the guess's audio (here before the verdict) was dropped.
      const expected = cartesia.expectedSamples('The new version is 3.14 now. Go on.', 16_000);
      const got = sink.frames.reduce((n, f) => n + f.samples.length, 0);
      expect(Math.abs(got - expected) / expected).toBeLessThan(0.05);
    });

    it('sends nothing early that the filter would drop, and nothing at all to a filter that cannot say', async () => {
      const scored = 'You scored nine out of ten.';
      for (const wouldKeep of [true, false]) {
        openai.reply({ chunks: [scored, ' Tell me more.'], stallAfterChunks: 1 });
        const filter = {
          keep: (s: string) => !s.includes('scored'),
          ...(wouldKeep ? { wouldKeep: (s: string) => !s.includes('scored') } : {}),
        };
        const { turn } = listenedTurn(`g3-${wouldKeep}`, { sentenceFilter: filter });
        await until(() => openai.chatRequests().length > 0);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(cartesia.connections.flatMap((c) => c.messages).some((m) => m.transcript === scored)).toBe(
          false,
        );
        turn.interrupt();
        await turn.result;
      }
    });
  });
});
