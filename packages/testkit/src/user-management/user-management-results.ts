import { z } from 'zod';
import type { NewResult } from './user-management-store.js';

// The bodies of the three result posts (eval-results, report, transcript) and the rows they
// become. The stand-in's own reading of the contract (not imported from backend-client, so a
// drift between the two shows up as a failing test).
const keyField = { idempotencyKey: z.string().min(1) };
const evalResultBody = z.looseObject({
  ...keyField,
  questionId: z.string().min(1),
  meetingId: z.string().optional(),
  score: z.number().int().min(0).max(10),
  feedback: z.string(),
  gates: z.record(z.string(), z.boolean()),
  evaluator: z.enum(['llm', 'rubric']),
  model: z.string().nullish(),
});
const reportBody = z.looseObject({
  ...keyField,
  meetingId: z.string().optional(),
  summary: z.string(),
  score: z.number().min(0).max(10).optional(),
});
const transcriptBody = z.looseObject({
  ...keyField,
  sessionId: z.string().min(1).optional(),
  segments: z.array(z.looseObject({ speaker: z.string(), text: z.string() })),
  summary: z.string().optional(),
});

/** A posted body as the row user-management stores, or why it is refused (400). */
export function toResultRow(
  id: string,
  json: unknown,
  kind: NewResult['kind'],
): NewResult | { error: string } {
  const schema = kind === 'eval_result' ? evalResultBody : kind === 'report' ? reportBody : transcriptBody;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      error: `invalid ${kind} body: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    };
  }
  const body = parsed.data as Record<string, unknown>;
  const { idempotencyKey, ...payload } = body as { idempotencyKey: string } & Record<string, unknown>;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : null);
  const base: NewResult = {
    sessionId: id,
    meetingId: text('meetingId'),
    questionId: null,
    kind,
    score: null,
    feedback: null,
    gates: {},
    evaluator: null,
    model: null,
    transcript: null,
    summary: text('summary'),
    payload,
    idempotencyKey,
  };
  if (kind === 'eval_result') {
    const result = parsed.data as z.infer<typeof evalResultBody>;
    return {
      ...base,
      questionId: result.questionId,
      score: result.score,
      feedback: result.feedback,
      gates: result.gates,
      evaluator: result.evaluator,
      model: result.model ?? null,
    };
  }
  if (kind === 'report') {
    const report = parsed.data as z.infer<typeof reportBody>;
    return { ...base, score: Number.isInteger(report.score) ? (report.score ?? null) : null };
  }
  const transcript = parsed.data as z.infer<typeof transcriptBody>;
  // A meeting transcript without an interview session is filed under the meeting.
  return {
    ...base,
    sessionId: transcript.sessionId ?? `meeting-${id}`,
    meetingId: id,
    transcript: transcript.segments,
  };
}
