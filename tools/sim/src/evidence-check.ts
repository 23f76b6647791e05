import type { InterviewSummary } from '@bot-backend/interview';

export interface EvidenceCheck {
  cited: number;
  /** Cited spans with no identical span (speaker, start, end, text) in the transcript, or outside the interview. */
  missing: Array<{ questionId: string; startMs: number; endMs: number; reason: string }>;
  /**
   * Cited candidate spans that overlap an interviewer line: their times are not where the
   * candidate spoke (the span starts before the question was over).
   */
  overlapping: Array<{ questionId: string; startMs: number; endMs: number; overlapMs: number }>;
}

/** Every span a score cites must be a span of the transcript, inside the interview. */
export function checkEvidence(summary: InterviewSummary): EvidenceCheck {
  const check: EvidenceCheck = { cited: 0, missing: [], overlapping: [] };
  const interviewer = summary.transcript.filter((t) => t.speaker === 'interviewer');
  for (const q of summary.questions) {
    for (const span of q.evidence) {
      check.cited += 1;
      const found = summary.transcript.some(
        (t) =>
          t.speaker === span.speaker &&
          t.startMs === span.startMs &&
          t.endMs === span.endMs &&
          t.text === span.text,
      );
      if (span.speaker === 'candidate') {
        const overlapMs = interviewer.reduce(
          (sum, line) =>
            sum + Math.max(0, Math.min(line.endMs, span.endMs) - Math.max(line.startMs, span.startMs)),
          0,
        );
        if (overlapMs > 0)
          check.overlapping.push({
            questionId: q.questionId,
            startMs: span.startMs,
            endMs: span.endMs,
            overlapMs,
          });
      }
      const inside = span.startMs >= 0 && span.startMs <= span.endMs && span.endMs <= summary.durationMs;
      if (!found || !inside) {
        check.missing.push({
          questionId: q.questionId,
          startMs: span.startMs,
          endMs: span.endMs,
          reason: found ? 'outside the interview' : 'not in the transcript',
        });
      }
    }
  }
  return check;
}
