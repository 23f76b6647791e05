import { z } from 'zod';

// What we send: strict on the fields user-management reads, open to added ones
// (result shapes may gain fields, never rename them).

export const evalResultPayloadSchema = z.looseObject({
  questionId: z.string().min(1),
  /** verbal or code answer. */
  kind: z.enum(['verbal', 'code']).optional(),
  meetingId: z.string().min(1).optional(),
  score: z.number().int().min(0).max(10),
  feedback: z.string(),
  gates: z.record(z.string(), z.boolean()),
  evaluator: z.enum(['llm', 'rubric']),
  model: z.string().nullish(),
});
export type EvalResultPayload = z.input<typeof evalResultPayloadSchema>;

export const reportPayloadSchema = z.looseObject({
  meetingId: z.string().min(1).optional(),
  summary: z.string(),
  score: z.number().min(0).max(10).optional(),
});
export type ReportPayload = z.input<typeof reportPayloadSchema>;

export const transcriptSegmentSchema = z.looseObject({
  speaker: z.string(),
  text: z.string(),
  startMs: z.number().nonnegative().optional(),
  endMs: z.number().nonnegative().optional(),
});
export type TranscriptSegment = z.input<typeof transcriptSegmentSchema>;

export const transcriptPayloadSchema = z.looseObject({
  /** The interview session, when the meeting had one; user-management files it under the meeting otherwise. */
  sessionId: z.string().min(1).optional(),
  segments: z.array(transcriptSegmentSchema),
  summary: z.string().optional(),
});
export type TranscriptPayload = z.input<typeof transcriptPayloadSchema>;

// What we read: lenient, only the fields we use.

export const healthResponseSchema = z.looseObject({ status: z.string() });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const agentConfigSchema = z.looseObject({
  meetingId: z.string().nullish(),
  /** The flag that gates the LiveKit worker's auto-join. */
  autoJoin: z.boolean(),
  interviewer: z.boolean().nullish(),
  role: z.string().nullish(),
  experienceLevel: z.string().nullish(),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

export const postAcceptedSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  duplicate: z.boolean().nullish(),
});

/** The three things we post, each with its path and body schema. */
export const resultKinds = {
  'eval-result': {
    schema: evalResultPayloadSchema,
    path: (sessionId: string) => `/api/internal/bot-sessions/${encodeURIComponent(sessionId)}/eval-results`,
  },
  report: {
    schema: reportPayloadSchema,
    path: (sessionId: string) => `/api/internal/bot-sessions/${encodeURIComponent(sessionId)}/report`,
  },
  transcript: {
    schema: transcriptPayloadSchema,
    path: (meetingId: string) => `/api/internal/meetings/${encodeURIComponent(meetingId)}/transcript`,
  },
} as const;
export type ResultKind = keyof typeof resultKinds;
export const RESULT_KINDS = Object.keys(resultKinds) as ResultKind[];

export const backendPaths = {
  health: () => '/api/internal/health',
  agentConfig: (meetingId: string) => `/api/internal/meetings/${encodeURIComponent(meetingId)}/agent-config`,
  evalResults: resultKinds['eval-result'].path,
  report: resultKinds.report.path,
  transcript: resultKinds.transcript.path,
} as const;
