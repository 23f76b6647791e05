import { MemoryAudioSink } from '@bot-backend/audio';
import { type CartesiaFake, type OpenAiFake, startCartesiaFake, startOpenAiFake } from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { defaultTurnSettings, TurnTaking } from '@bot-backend/voice';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvidenceSpan } from './interview-summary.js';
import { InterviewerVoice } from './interviewer-voice.js';
import type { SessionEvent } from './session-events.js';

// The interviewer's lines through the real OpenAI and Cartesia vendor packages, against loopback fakes.
let openai: OpenAiFake;
let cartesia: CartesiaFake;
beforeAll(async () => {
  [openai, cartesia] = await Promise.all([startOpenAiFake(), startCartesiaFake()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), cartesia.close()]);
});
afterEach(() => {
  openai.respond(undefined);
  openai.reset();
});

type Transcript = Extract<SessionEvent, { type: 'transcript' }>;

function setup(realtimeFactor = 20) {
  const events: SessionEvent[] = [];
  const transcript: EvidenceSpan[] = [];
  const sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor });
  const turnTaking = new TurnTaking(defaultTurnSettings, { onTurn: () => {} }, { phase: 'technical' });
  const controller = new AbortController();
  const started = Date.now();
  const voice = new InterviewerVoice({
    sessionId: 's',
    llm: createOpenAI({ apiKey: 'sk-test', baseURL: openai.openaiBaseURL }).llm(),
    tts: createCartesia({ apiKey: cartesia.apiKey, baseURL: cartesia.url }).tts(),
    sink,
    sampleRate: 16_000,
    signal: controller.signal,
    now: () => Date.now(),
    clockMs: () => Date.now() - started,
    turnTaking,
    transcript,
    phase: () => 'technical',
    emit: (event) => events.push(event),
  });
  const finals = () => events.filter((e): e is Transcript => e.type === 'transcript' && e.final);
  return { voice, events, transcript, sink, turnTaking, finals };
}

const line = (question: string) => ({
  messages: [{ role: 'user' as const, content: 'Ask the next question.' }],
  fallback: `Thanks. ${question}`,
  filter: { keep: () => true },
});

describe('InterviewerVoice', () => {
  it("speaks the model's line sentence by sentence and keeps it, as heard, with its latency figures", async () => {
    openai.reply({ text: 'Thanks for that. How would you shard the orders table?' });
    const { voice, events, transcript, sink, finals } = setup();
    await voice.say(line('How would you shard it?'), { userEnd: { at: Date.now() } });
    const partials = events.filter((e): e is Transcript => e.type === 'transcript' && !e.final);
    expect(partials.map((p) => p.text)).toEqual([
      'Thanks for that.',
      'Thanks for that. How would you shard the orders table?',
    ]);
    expect(finals()).toEqual([
      expect.objectContaining({
        text: 'Thanks for that. How would you shard the orders table?',
        turnId: 's-t1',
      }),
    ]);
    expect(transcript).toEqual([
      expect.objectContaining({
        speaker: 'interviewer',
        text: 'Thanks for that. How would you shard the orders table?',
      }),
    ]);
    expect(sink.deliveredMs).toBeGreaterThan(0);
    const metrics = events.find((e) => e.type === 'metrics');
    expect(metrics).toMatchObject({ turnId: 's-t1' });
    expect((metrics as { firstAudioMs?: number }).firstAudioMs).toBeGreaterThanOrEqual(0);
    expect(voice.spokenLines).toBe(1);
  });

  it('says the scripted line when the model fails before its first word, and says why', async () => {
    openai.fail(500);
    const { voice, events, finals } = setup();
    await voice.say(line('How would you shard it?'));
    expect(finals().map((f) => f.text)).toEqual(['Thanks. How would you shard it?']);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'llm_failed', fatal: false }),
    );
  });

  it('tags a follow-up line with what it refers to, in the event and the transcript', async () => {
    const { voice, transcript, finals } = setup();
    const span = { speaker: 'candidate' as const, startMs: 0, endMs: 10, text: 'we used Kafka' };
    await voice.say('You mentioned Kafka: how did you handle consumer lag?', {
      followUp: {
        kind: 'follow_up',
        parentQuestionId: 'q1',
        source: 'llm',
        refersTo: { quote: 'Kafka', span },
      },
    });
    expect(finals()[0]).toMatchObject({ kind: 'follow_up', refersTo: 'Kafka' });
    expect(transcript[0]).toMatchObject({ kind: 'follow_up', refersTo: 'Kafka' });
  });

  it('while a line plays, turn-taking can pause it; stopped, only what was heard is kept', async () => {
    // Real time: the line plays for seconds.
    const { voice, turnTaking, finals } = setup(1);
    const text =
      'Tell me about a system you built recently, what went wrong with it, and what it taught you.';
    const saying = voice.say(text);
    await vi.waitFor(() => expect(voice.current?.playout?.generatedMs).toBeGreaterThan(0), {
      timeout: 5_000,
    });
    turnTaking.hear({ type: 'speech-start', atMs: 0 });
    expect(voice.current?.playout?.isPaused).toBe(true);
    await voice.stop();
    await saying;
    expect(voice.current).toBeUndefined();
    expect(finals()[0]).toMatchObject({ interrupted: true });
    expect(finals()[0]!.text.length).toBeLessThan(text.length);
    turnTaking.dispose();
  });
});
