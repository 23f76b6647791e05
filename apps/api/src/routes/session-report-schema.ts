import { anchorLevels, type InterviewSummary, phaseNames, ratingScaleSchema } from '@bot-backend/interview';
import { z } from '@hono/zod-openapi';

// GET /v1/sessions/{id}/report answers an InterviewSummary (@bot-backend/interview) as it is:
// this is its shape for the document, held to the type both ways below.

const evidenceSpanSchema = z
  .object({
    speaker: z.enum(['interviewer', 'candidate']),
    startMs: z.number().describe('Session clock'),
    endMs: z.number(),
    text: z.string(),
    kind: z.literal('follow_up').optional().describe('Interviewer lines that asked a follow-up'),
    refersTo: z.string().optional().describe("A follow-up's quote of the candidate's words"),
  })
  .openapi('EvidenceSpan');

const followUpSchema = z.object({
  kind: z.literal('follow_up'),
  parentQuestionId: z.string().describe('The main question it follows'),
  source: z
    .enum(['llm', 'missed_point'])
    .describe('llm: proposed by the LLM and checked; missed_point: the offline follow-up'),
  refersTo: z.object({ quote: z.string(), span: evidenceSpanSchema }).optional(),
  missedPoint: z.string().optional().describe('The expected point the answer missed, which it targets'),
  rejected: z.string().optional().describe("Why the LLM's proposal was set aside"),
});

const questionOutcomeSchema = z.object({
  questionId: z.string(),
  phase: z.enum(phaseNames),
  kind: z.enum(['verbal', 'code']),
  question: z.string(),
  answer: z.string(),
  score: z.number().nullable().describe('Null when not graded: warm-up and closing answers, or no answer'),
  graded: z.boolean(),
  scale: ratingScaleSchema.optional().describe('The rating scale the score is read against'),
  anchor: z
    .literal([...anchorLevels])
    .nullable()
    .optional()
    .describe('The anchor of the scale the score reaches (null below 2)'),
  setAside: z
    .array(z.object({ kind: z.string(), excerpt: z.string() }))
    .optional()
    .describe('Text aimed at the grader that was set aside and earned nothing'),
  feedback: z.string(),
  evaluator: z.enum(['llm', 'rubric']).nullable(),
  gates: z.record(z.string(), z.boolean().optional()),
  evidence: z.array(evidenceSpanSchema),
  followUp: followUpSchema.optional(),
  code: z
    .object({
      language: z.string(),
      source: z.string(),
      passed: z.number().optional(),
      total: z.number().optional(),
    })
    .optional(),
});

export const sessionReportSchema = z
  .object({
    sessionId: z.string(),
    planId: z.string(),
    role: z.string(),
    experienceLevel: z.string(),
    format: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number(),
    endedBy: z.enum(['plan_complete', 'time_up', 'candidate', 'limit', 'disconnect']),
    questions: z.array(questionOutcomeSchema),
    overallScore: z
      .number()
      .nullable()
      .describe('Mean of the assessed answers, 0–10 with one decimal; null when none was scored'),
    strengths: z.array(z.string()),
    improvements: z.array(z.string()),
    versions: z
      .object({ rubric: z.string(), prompt: z.string() })
      .describe('Which evaluator and prompt versions produced the scores'),
    transcript: z.array(evidenceSpanSchema),
  })
  .openapi('SessionReport');

// A field added to InterviewSummary, or changed, fails to compile here until the schema follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShape: Same<z.output<typeof sessionReportSchema>, InterviewSummary> = true;
void _sameShape;
