import { backendPaths, type Outbox } from '@bot-backend/backend-client';
import type { DeliveryOutcome, InterviewSummary } from '@bot-backend/interview';

/** The report body user-management reads (a text summary and a score), with the full summary beside it. */
export function reportPayload(summary: InterviewSummary, meetingId: string): Record<string, unknown> {
  const lines = [
    `${summary.role} (${summary.experienceLevel}), ${summary.format} interview, ended by ${summary.endedBy}.`,
    summary.overallScore === null ? 'No answer was scored.' : `Overall score ${summary.overallScore}/10.`,
  ];
  if (summary.strengths.length > 0) lines.push(`Strengths: ${summary.strengths.join('; ')}.`);
  if (summary.improvements.length > 0) lines.push(`To improve: ${summary.improvements.join('; ')}.`);
  return {
    meetingId,
    summary: lines.join(' '),
    ...(summary.overallScore === null ? {} : { score: summary.overallScore }),
    report: summary,
  };
}

/** An eval-result body: gates that were not evaluated (undefined) are left out. */
export function evalResultPayload(
  payload: Record<string, unknown>,
  meetingId: string,
): Record<string, unknown> {
  const gates = Object.fromEntries(
    Object.entries((payload.gates as Record<string, boolean | undefined> | undefined) ?? {}).filter(
      (entry): entry is [string, boolean] => typeof entry[1] === 'boolean',
    ),
  );
  return { ...payload, gates, meetingId };
}

/** The interview engine's `deliver`, through the meeting's outbox. */
export function outboxDelivery(
  outbox: Outbox,
  sessionId: string,
  meetingId: string,
): (kind: 'eval-result' | 'report', payload: unknown) => Promise<DeliveryOutcome> {
  return async (kind, payload) => {
    const body =
      kind === 'report'
        ? reportPayload(payload as InterviewSummary, meetingId)
        : evalResultPayload(payload as Record<string, unknown>, meetingId);
    const path = kind === 'report' ? backendPaths.report(sessionId) : backendPaths.evalResults(sessionId);
    const { delivery } = await outbox.submit(kind, path, body);
    return delivery;
  };
}
