import { MemoryAudioSink } from '@bot-backend/audio';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InterviewSession } from './interview-session-options.js';
import { cueModel, isReplyRequest, lastAnswerOf, liveSession, mic, wait } from './live-mic.fixture.js';
import type { SessionEvent } from './session-events.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';
import { voiceFakes } from './voice-fakes.fixture.js';

// A turn taken back: the candidate breathes after a finished-looking sentence, the engine ends the
// turn there, and the candidate goes on before any of the reply sounds. Through the real vendor
// packages against loopback fakes; the Deepgram fake listens to the audio, so the breath ends a
// segment with speech_final and the words after it start with SpeechStarted.
const fakes = voiceFakes({ silenceThreshold: 0.01, wordsPerFinal: 12 });

type Transcript = Extract<SessionEvent, { type: 'transcript' }>;
const isTranscript = (e: SessionEvent): e is Transcript => e.type === 'transcript';
describe('a turn taken back before its reply is heard', () => {
  let session: InterviewSession | undefined;
  afterEach(async () => {
    await session?.close();
    fakes.deepgram.reset();
    fakes.openai.respond(undefined);
  });

  it('withdraws the reply without a frame, clear or line of it, and grades and shows the whole answer once', async () => {
    // The interviewer's model takes 1.5 s to its first word: the window in which nothing of a reply sounds.
    fakes.openai.respond(cueModel({ firstTokenDelayMs: 1_500, tokenDelayMs: 5 }));
    const events: SessionEvent[] = [];
    const sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor: 8 });
    const outcomes: string[] = [];
    session = liveSession(fakes, { sink, events, outcomes });
    await session.start();
    const interviewerFinals = () =>
      events.filter(isTranscript).filter((e) => e.role === 'interviewer' && e.final);
    await vi.waitFor(() => expect(interviewerFinals()).toHaveLength(1), { timeout: 15_000 });
    await wait(300);
    const framesBefore = sink.frames.length;
    const clearsBefore = sink.clears.length;
    const eventsBefore = events.length;

    fakes.deepgram.script(
      'Mostly Go services backed by Postgres databases. And Kafka carries our payment events today',
      { msPerWord: 150 },
    );
    // "…backed by Postgres databases." then a breath: speech_final after 300 ms, the turn ends 300 ms later.
    await mic(session, 1_050, true);
    await mic(session, 900, false);
    expect(session.preemptiveReplies().generated).toBe(1);
    // The turn ended at the breath and its reply is on its way, but nothing of it has sounded.
    const gradedBefore = events.slice(eventsBefore).filter((e) => e.type === 'evaluation');
    expect(gradedBefore).toEqual([]);
    // "And Kafka carries…": the candidate goes on.
    await mic(session, 1_200, true);
    expect(session.preemptiveReplies().discarded).toBe(1);
    expect(sink.frames.length).toBe(framesBefore);
    expect(sink.clears.length).toBe(clearsBefore);
    await mic(session, 1_500, false);
    await vi.waitFor(() => expect(interviewerFinals()).toHaveLength(2), { timeout: 15_000 });

    // The reply to the first part was really asked for, then withdrawn: nothing of it reached the client.
    const replies = fakes.openai.chatRequests().filter(isReplyRequest);
    expect(replies.map(lastAnswerOf)).toContainEqual(expect.not.stringContaining('Kafka'));
    const after = events.slice(eventsBefore);
    const said = after.filter(isTranscript).filter((e) => e.role === 'interviewer');
    expect(said.some((e) => e.text.includes('FIRST PART ONLY'))).toBe(false);
    expect(said.every((e) => !e.interrupted)).toBe(true);
    expect(interviewerFinals()[1]!.text).toContain('WHOLE ANSWER');
    // Only the kept line touched the sink: its frames, and the clear that ends it, dropping nothing.
    expect(sink.clears.slice(clearsBefore)).toEqual([0]);
    // Counted as a discarded preemptive reply; the one to the whole answer was used.
    expect(outcomes).toEqual(['generated', 'discarded', 'generated', 'used']);

    // One answer, shown once and graded once, on the whole text.
    const answers = after.filter(isTranscript).filter((e) => e.role === 'candidate' && e.final);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toMatch(/Postgres databases\.? And Kafka carries our payment events/);
    const summary = await session.end();
    const first = summary.questions.filter((q) => q.questionId === plan.phases[0]!.questions[0]!.id);
    expect(first).toHaveLength(1);
    expect(first[0]!.answer).toMatch(/Postgres.*Kafka/);
    const spoken = summary.transcript.filter((s) => s.speaker === 'candidate');
    expect(spoken.filter((s) => /Postgres/.test(s.text))).toHaveLength(1);
  });
});
