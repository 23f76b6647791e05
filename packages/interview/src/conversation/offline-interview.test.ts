import { describe, expect, it } from 'vitest';
import { createInterviewSession } from './interview-session.js';
import type { SessionEvent } from './session-events.js';

function waitFor<T extends SessionEvent>(
  events: SessionEvent[],
  predicate: (e: SessionEvent) => e is T,
  from = 0,
  timeoutMs = 5_000,
): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = events.slice(from).find(predicate);
      if (found) resolve(found);
      else if (Date.now() - started > timeoutMs) reject(new Error('event not seen in time'));
      else setTimeout(check, 5);
    };
    check();
  });
}

const interviewerFinal = (e: SessionEvent): e is Extract<SessionEvent, { type: 'transcript' }> =>
  e.type === 'transcript' && e.role === 'interviewer' && e.final;

describe('an offline interview (no vendors at all)', () => {
  it('runs typed answers through the plan to a summary', async () => {
    const events: SessionEvent[] = [];
    const session = createInterviewSession({
      role: 'backend',
      experienceLevel: 'mid',
      format: 'blended',
      durationMinutes: 15,
      seed: 3,
      onEvent: (e) => events.push(e),
    });
    await session.start();
    expect(events[0]).toMatchObject({ type: 'session', phase: 'intro', planner: 'bank' });
    const first = await waitFor(events, interviewerFinal);
    expect(first.text).toMatch(/^Hi, thanks for joining\./);

    const answers = [
      'I am a backend engineer with six years of experience building payment APIs in Go and Python, mostly on Postgres and Kafka.',
      'A process has its own memory space while threads share memory inside a process, so a context switch between threads is cheaper; I would use threads for shared state and processes for isolation.',
      'thanks',
    ];
    let seen = events.length;
    for (let i = 0; i < 12; i++) {
      const before = events.length;
      const asked = events.filter(interviewerFinal).at(-1)!;
      if (events.some((e) => e.type === 'summary')) break;
      if (
        /coding exercise|function|implement/i.test(asked.text) &&
        events.filter((e) => e.type === 'phase').at(-1)?.phase === 'coding'
      ) {
        session.pushCode('def solve(*args):\n    return None\n', 'python');
      } else {
        session.pushText(answers[i % answers.length]!);
      }
      await waitFor(events, (e): e is SessionEvent => interviewerFinal(e) || e.type === 'summary', before);
      seen = events.length;
    }
    expect(seen).toBeGreaterThan(0);
    const summary = events.some((e) => e.type === 'summary') ? undefined : await session.end('candidate');
    const summaryEvent = events.find(
      (e): e is Extract<SessionEvent, { type: 'summary' }> => e.type === 'summary',
    )!;
    const report = summary ?? summaryEvent.summary;

    const phases = events.filter((e) => e.type === 'phase').map((e) => (e as { phase: string }).phase);
    expect(phases[0]).toBe('technical');
    expect(events.filter((e) => e.type === 'evaluation').length).toBeGreaterThanOrEqual(3);
    // The pleasantry-only answer scored 0 with the empty gate.
    expect(report.questions.some((q) => q.score === 0 && q.gates.empty)).toBe(true);
    expect(report.questions.length).toBeGreaterThanOrEqual(3);
    expect(report.overallScore).not.toBeNull();
    expect(report.versions.rubric).toMatch(/rubric/);
    // Every cited span is in the transcript.
    for (const q of report.questions) {
      for (const span of q.evidence) expect(report.transcript).toContainEqual(span);
    }
    expect(session.openResources()).toBe(0);
    await session.close();
  });
});
