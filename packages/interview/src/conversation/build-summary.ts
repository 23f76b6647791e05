import type { EvidenceSpan, InterviewSummary, QuestionOutcome } from './interview-summary.js';

export const RUBRIC_VERSION = 'rubric-2026-11-v1';

/** Collects the scored answers into the end-of-interview report. */
export function buildSummary(input: {
  sessionId: string;
  planId: string;
  role: string;
  experienceLevel: string;
  format: string;
  startedAt: number;
  endedAt: number;
  endedBy: InterviewSummary['endedBy'];
  questions: QuestionOutcome[];
  transcript: EvidenceSpan[];
  promptVersion: string;
}): InterviewSummary {
  // Warm-up and closing questions are asked and shown, never graded, so not part of the overall score;
  // nor are follow-ups, which probe one point and would be judged against the whole question.
  const scored = input.questions.filter(
    (q) => q.score !== null && q.phase !== 'intro' && q.phase !== 'wrap_up' && q.followUp === undefined,
  );
  const overall =
    scored.length === 0
      ? null
      : Math.round((scored.reduce((s, q) => s + (q.score ?? 0), 0) / scored.length) * 10) / 10;
  const best = [...scored].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const strengths = best
    .filter((q) => (q.score ?? 0) >= 7)
    .slice(0, 3)
    .map((q) => `Strong answer on: ${shorten(q.question)}`);
  const improvements = best
    .reverse()
    .filter((q) => (q.score ?? 0) <= 4)
    .slice(0, 3)
    .map((q) => `Revisit: ${shorten(q.question)}`);
  return {
    sessionId: input.sessionId,
    planId: input.planId,
    role: input.role,
    experienceLevel: input.experienceLevel,
    format: input.format,
    startedAt: new Date(input.startedAt).toISOString(),
    endedAt: new Date(input.endedAt).toISOString(),
    durationMs: Math.max(0, input.endedAt - input.startedAt),
    endedBy: input.endedBy,
    questions: input.questions,
    overallScore: overall,
    strengths,
    improvements,
    versions: { rubric: RUBRIC_VERSION, prompt: input.promptVersion },
    transcript: input.transcript,
  };
}

function shorten(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77).replace(/\s+\S*$/, '')}…`;
}
