import { MemoryAudioSink, speechLike } from '@bot-backend/audio';
import { afterEach, describe, expect, it } from 'vitest';
import { planFromBank } from '../planning/bank-planner.js';
import { createInterviewSession } from './interview-session.js';
import type { InterviewSession } from './interview-session-options.js';
import type { SessionEvent } from './session-events.js';
import { voiceFakes } from './voice-fakes.fixture.js';

// The voice loop with the real vendor packages (Deepgram STT, Cartesia TTS,
// OpenAI LLM) through their official SDKs, against loopback fakes.
const fakes = voiceFakes();

type Transcript = Extract<SessionEvent, { type: 'transcript' }>;
const isInterviewerFinal = (e: SessionEvent): e is Transcript =>
  e.type === 'transcript' && e.role === 'interviewer' && e.final;

async function until(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Real-time-ish microphone: 20 ms frames of speech-like audio. */
async function speak(session: InterviewSession, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    session.pushAudio(speechLike({ durationMs: 20, sampleRate: 16_000 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const plan = planFromBank({
  role: 'backend',
  experienceLevel: 'mid',
  format: 'blended',
  durationMinutes: 30,
  seed: 11,
});

function setup(options: { llm?: boolean } = {}) {
  const events: SessionEvent[] = [];
  // Four times real time: the greeting plays for a second or two, long enough to talk over.
  const sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor: 4 });
  const session = createInterviewSession({
    role: 'backend',
    experienceLevel: 'mid',
    format: 'blended',
    plan,
    ...fakes.vendors(),
    ...(options.llm ? {} : { llm: undefined }),
    sink,
    inputSampleRate: 16_000,
    outputSampleRate: 16_000,
    sinkLeadMs: 100,
    turnSettings: {
      phases: {
        intro: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
        technical: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
        coding: { endOfTurnSilenceMs: null, thinkingGraceMs: 0 },
        behavioral: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
        wrap_up: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
      },
      minInterruptMs: 350,
      minInterruptWords: 2,
      falseInterruptionMs: 700,
    },
    onEvent: (e) => events.push(e),
  });
  return { session, events, sink };
}

describe('a voice interview', () => {
  let current: ReturnType<typeof setup> | undefined;
  afterEach(async () => {
    await current?.session.close();
    fakes.deepgram.reset();
    current = undefined;
  });

  it('a backchannel while the interviewer talks does not interrupt: the whole line is heard', async () => {
    current = setup();
    const { session, events, sink } = current;
    await session.start();
    await until(() => sink.frames.length > 5);
    fakes.deepgram.script('mhm');
    await speak(session, 300);
    await until(() => events.some(isInterviewerFinal), 15_000);
    const line = events.find(isInterviewerFinal)!;
    expect(line.interrupted).toBeUndefined();
    expect(line.text).toMatch(/^Hi, thanks for joining\..*\?$/);
    // It paused for the sound (the sink was cleared) and then went on from there: all of the line was played.
    expect(sink.clears[0]).toBeGreaterThan(0);
    const expectedMs = (fakes.cartesia.expectedSamples(line.text, 16_000) / 16_000) * 1000;
    expect(sink.deliveredMs).toBeGreaterThanOrEqual(expectedMs * 0.95);
    expect(events.some((e) => e.type === 'transcript' && e.role === 'candidate' && e.final)).toBe(false);
  });

  it('a real interruption stops the interviewer and keeps only what was heard', async () => {
    current = setup();
    const { session, events, sink } = current;
    await session.start();
    await until(() => sink.frames.length > 5);
    fakes.deepgram.script('sorry could you repeat the question please');
    await speak(session, 1_600);
    await until(() => events.some(isInterviewerFinal));
    const line = events.find(isInterviewerFinal)!;
    expect(line.interrupted).toBe(true);
    expect(line.text.length).toBeGreaterThan(0);
    const partials = events.filter(
      (e): e is Transcript => e.type === 'transcript' && e.role === 'interviewer' && !e.final,
    );
    const full = partials.at(-1)!.text;
    expect(full.startsWith(line.text)).toBe(true);
    expect(line.text.length).toBeLessThan(full.length);
    // Asking for the question again is not an answer: the interviewer repeats it.
    await until(() => events.filter(isInterviewerFinal).length >= 2, 10_000);
    const repeat = events.filter(isInterviewerFinal)[1]!;
    expect(repeat.text).toBe(`Of course. ${plan.phases[0]!.questions[0]!.text}`);
    expect(events.some((e) => e.type === 'evaluation')).toBe(false);
  });

  it('answers by voice get a streamed LLM reply, with per-turn metrics', async () => {
    current = setup({ llm: true });
    const { session, events } = current;
    await session.start();
    await until(() => events.some(isInterviewerFinal), 15_000);
    // The follow-up proposal and the grading calls ask for JSON; the interviewer's reply is plain text.
    fakes.openai.respond((request) => {
      const format = request.body?.response_format as { json_schema?: { name?: string } } | undefined;
      if (format?.json_schema?.name === 'follow_up')
        return { json: { quote: 'Go and Postgres', question: 'Why did you pick Go and Postgres there?' } };
      if (format)
        return { json: { score: 6, feedback: 'Clear.', strengths: ['clear'], improvements: ['depth'] } };
      return {
        text: 'Thanks for that. Tell me about a time you fixed a production incident.',
        tokenDelayMs: 20,
      };
    });
    fakes.deepgram.script('I mostly work with Go and Postgres and I like strong typing');
    await speak(session, 3_500);
    await until(() => events.filter(isInterviewerFinal).length >= 2, 15_000);
    const candidate = events.find(
      (e): e is Transcript => e.type === 'transcript' && e.role === 'candidate' && e.final,
    );
    expect(candidate?.text.toLowerCase()).toContain('go and postgres');
    // A follow-up on the candidate's own words, spoken as checked.
    const followUp = events.filter(isInterviewerFinal)[1]!;
    expect(followUp).toMatchObject({ kind: 'follow_up', refersTo: 'Go and Postgres' });
    expect(followUp.text).toMatch(/Why did you pick Go and Postgres there\?$/);
    // Its answer gets the streamed LLM reply.
    fakes.deepgram.script('Because both are simple to run and easy to hire for');
    await speak(session, 3_500);
    await until(() => events.filter(isInterviewerFinal).length >= 3, 15_000);
    const metrics = events.find((e) => e.type === 'metrics' && e.llmFirstTokenMs !== undefined);
    expect(metrics).toMatchObject({ type: 'metrics' });
    expect((metrics as { llmFirstTokenMs?: number }).llmFirstTokenMs).toBeGreaterThanOrEqual(0);
    // The STT's own delay is measured from the end of the speech its final covers.
    expect((metrics as { sttMs?: number }).sttMs).toBeGreaterThanOrEqual(0);
    fakes.openai.respond(undefined);
  });

  it('closing mid-turn leaves no vendor stream, timer or session open', async () => {
    current = setup();
    const { session, sink } = current;
    await session.start();
    await until(() => sink.frames.length > 3);
    fakes.deepgram.script('so I think that');
    await speak(session, 200);
    expect(session.openResources()).toBeGreaterThan(0);
    await session.close();
    expect(session.openResources()).toBe(0);
    // A TTS connection kept idle for the next reply is no stream (its contexts are done or cancelled).
    await until(() => fakes.deepgram.openConnections() === 0 && fakes.cartesia.streamingConnections() === 0);
  });
});
