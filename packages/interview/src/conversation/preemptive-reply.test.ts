import { MemoryAudioSink } from '@bot-backend/audio';
import { defaultEndOfTurnPolicySettings, type TurnSettings } from '@bot-backend/voice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InterviewSession } from './interview-session-options.js';
import { cueModel, isReplyRequest, lastAnswerOf, liveSession, mic } from './live-mic.fixture.js';
import type { SessionEvent } from './session-events.js';
import { voiceFakes } from './voice-fakes.fixture.js';

// Replies prepared at the candidate's pause, through the real vendor packages against loopback
// fakes: the Deepgram fake listens to the audio, so a pause in it ends a segment with speech_final.
const fakes = voiceFakes({ silenceThreshold: 0.01, wordsPerFinal: 12 });

type Transcript = Extract<SessionEvent, { type: 'transcript' }>;
const interviewerFinals = (events: SessionEvent[]) =>
  events.filter((e): e is Transcript => e.type === 'transcript' && e.role === 'interviewer' && e.final);
const phase = { endOfTurnSilenceMs: 1_500, thinkingGraceMs: 2_000 };
const turnSettings: TurnSettings = {
  phases: {
    intro: phase,
    technical: phase,
    coding: { endOfTurnSilenceMs: null, thinkingGraceMs: 0 },
    behavioral: phase,
    wrap_up: phase,
  },
  minInterruptMs: 350,
  minInterruptWords: 2,
  falseInterruptionMs: 700,
  // A finished thought ends after 1.5 s of quiet here (300 ms by default), so a pause of 0.9 s is one the
  // candidate may go on after, and the reply prepared in it is held.
  endOfTurn: { ...defaultEndOfTurnPolicySettings, finishedWaitMs: 1_500 },
};

describe('a reply prepared at the pause', () => {
  let session: InterviewSession | undefined;
  afterEach(async () => {
    await session?.close();
    fakes.deepgram.reset();
    fakes.openai.respond(undefined);
  });

  it('a candidate who goes on after a pause hears nothing of the reply prepared then; the one to the whole answer plays', async () => {
    // The model's reply names what it was given, so each prepared reply is recognisable.
    fakes.openai.respond(cueModel({ tokenDelayMs: 10 }));
    const events: SessionEvent[] = [];
    const sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor: 8 });
    const outcomes: string[] = [];
    session = liveSession(fakes, { sink, events, outcomes, turnSettings });
    await session.start();
    await vi.waitFor(() => expect(interviewerFinals(events)).toHaveLength(1), { timeout: 15_000 });
    // The greeting's last frames may still be on their way to the sink on a loaded machine.
    for (let seen = -1; seen !== sink.frames.length; ) {
      seen = sink.frames.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const framesBefore = sink.frames.length;
    const clearsBefore = sink.clears.length;

    // "…backed by Postgres databases" … a pause the STT reports, shorter than the turn-taking wait … "while Kafka …".
    fakes.deepgram.script(
      'Mostly Go services backed by Postgres databases today while Kafka carries our payment events',
      {
        msPerWord: 150,
      },
    );
    await mic(session, 1_050, true);
    await mic(session, 900, false);
    expect(session.preemptiveReplies().generated).toBe(1);
    // Prepared, but held: nothing of it reached the sink, no line was announced.
    expect(sink.frames.length).toBe(framesBefore);
    await mic(session, 1_200, true);
    expect(session.preemptiveReplies().discarded).toBe(1);
    await mic(session, 2_500, false);
    await vi.waitFor(() => expect(interviewerFinals(events)).toHaveLength(2), { timeout: 15_000 });

    const counts = session.preemptiveReplies();
    expect(counts).toMatchObject({ generated: 2, used: 1, discarded: 1 });
    expect(outcomes).toEqual(['generated', 'discarded', 'generated', 'used']);
    // The discarded reply was really generated (the model was asked with the first part only)…
    const replies = fakes.openai.chatRequests().filter(isReplyRequest);
    expect(replies.map(lastAnswerOf)).toContainEqual(expect.not.stringContaining('Kafka'));
    // …and none of it was heard: no line or partial carries it, and the sink got the kept line's audio only.
    const said = events.filter((e): e is Transcript => e.type === 'transcript' && e.role === 'interviewer');
    expect(said.some((e) => e.text.includes('FIRST PART ONLY'))).toBe(false);
    const line = interviewerFinals(events)[1]!;
    expect(line.text).toContain('WHOLE ANSWER');
    // One clear, dropping nothing: the kept line's own end. The discarded one never touched the sink.
    expect(sink.clears.slice(clearsBefore)).toEqual([0]);
    const played = sink.frames.slice(framesBefore).reduce((n, f) => n + f.samples.length, 0);
    const expected = fakes.cartesia.expectedSamples(line.text, 16_000);
    expect(Math.abs(played - expected) / expected).toBeLessThan(0.05);
    // The answer is one turn, both parts in it.
    const answer = events.find(
      (e): e is Transcript => e.type === 'transcript' && e.role === 'candidate' && e.final,
    );
    expect(answer?.text).toMatch(/Postgres.*Kafka/);
  });
});
