import type { InterviewSummary } from '@bot-backend/interview';

/** A finished interview's report with no questions: enough for the stores' tests. */
export const summary = (sessionId: string): InterviewSummary => ({
  sessionId,
  planId: 'p-1',
  role: 'backend',
  experienceLevel: 'mid',
  format: 'verbal',
  startedAt: new Date(0).toISOString(),
  endedAt: new Date(60_000).toISOString(),
  durationMs: 60_000,
  endedBy: 'plan_complete',
  questions: [],
  overallScore: null,
  strengths: [],
  improvements: [],
  versions: { rubric: 'r', prompt: 'p' },
  transcript: [],
});
export const info = (sessionId: string) => ({
  sessionId,
  role: 'backend',
  experienceLevel: 'mid',
  format: 'verbal',
});
