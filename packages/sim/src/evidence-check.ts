import type { InterviewSummary } from '@bot-backend/interview';

export interface EvidenceCheck {
  cited: number;
  /** Cited spans with no identical span (speaker, start, end, text) in the transcript, or outside the interview. */
  missing: Array<{ questionId: string; startMs: number; endMs: number; reason: string }>;
}

/** Every span a score cites must be a span of the transcript, inside the interview. */
export function checkEvidence(summary: InterviewSummary): EvidenceCheck {
  const check: EvidenceCheck = { cited: 0, missing: [] };
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
