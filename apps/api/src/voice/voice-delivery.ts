import type { InterviewSessionOptions, InterviewSummary } from '@bot-backend/interview';
import type { ResultDelivery } from '../delivery/result-delivery.js';

/**
 * The engine's `deliver` for one voice session: each answer's evaluation and
 * the end-of-interview summary go through the durable outbox to
 * user-management, filed under the session id.
 */
export function sessionDelivery(
  delivery: Pick<ResultDelivery, 'deliverResult'>,
  sessionId: string,
): NonNullable<InterviewSessionOptions['deliver']> {
  return (kind, payload) =>
    delivery.deliverResult(
      kind,
      sessionId,
      kind === 'report' ? reportPayload(payload as InterviewSummary) : payload,
    );
}

/** user-management's report body: a readable `summary` and the score, with the whole structured summary beside them. */
export function reportPayload(summary: InterviewSummary): Record<string, unknown> {
  // The same answers the overall score is made of (warm-up and closing questions are not assessed).
  const scored = summary.questions.filter(
    (q) => q.score !== null && q.phase !== 'intro' && q.phase !== 'wrap_up',
  ).length;
  const parts = [
    summary.overallScore === null
      ? `No answer was scored (${summary.questions.length} questions asked).`
      : `Overall ${summary.overallScore}/10 over ${scored} assessed answers of ${summary.questions.length} questions.`,
    summary.strengths.length > 0 ? `Strengths: ${summary.strengths.join('; ')}.` : '',
    summary.improvements.length > 0 ? `To work on: ${summary.improvements.join('; ')}.` : '',
    `Ended by: ${summary.endedBy}.`,
  ];
  return {
    ...summary,
    summary: parts.filter(Boolean).join(' '),
    ...(summary.overallScore === null ? {} : { score: summary.overallScore }),
  };
}
