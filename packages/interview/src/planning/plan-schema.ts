import { z } from 'zod';
import { ratingScaleSchema } from '../evaluation/rating-scale.js';

export const phaseNames = ['intro', 'technical', 'coding', 'behavioral', 'wrap_up'] as const;
export type PhaseName = (typeof phaseNames)[number];

export const interviewFormats = ['verbal', 'technical', 'behavioral', 'blended'] as const;
export type InterviewFormat = (typeof interviewFormats)[number];

export const codingLanguages = ['javascript', 'typescript', 'python'] as const;
export type CodingLanguage = (typeof codingLanguages)[number];

export const experienceLevelIds = ['junior', 'mid', 'senior'] as const;
export type ExperienceLevelId = (typeof experienceLevelIds)[number];

export const questionKinds = ['verbal', 'code'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** One runnable case for the code evaluator: call entryPoint(...args) and compare with expected. */
export const codeTestCaseSchema = z.object({
  args: z.array(z.unknown()),
  expected: z.unknown(),
  /** The expected value is an array whose order does not matter. */
  orderInsensitive: z.boolean().optional(),
  /** Numbers (also inside arrays) compare equal within this absolute tolerance. */
  floatTolerance: z.number().positive().optional(),
});
export type CodeTestCase = z.infer<typeof codeTestCaseSchema>;

export const difficultySchema = z.number().int().min(1).max(5);

export const planQuestionSchema = z.object({
  id: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
  kind: z.enum(questionKinds),
  difficulty: difficultySchema,
  expectedKeywords: z.array(z.string().min(1).max(100)).max(30),
  followUps: z.array(z.string().min(1).max(1000)).max(10),
  /** The rating scale the answer is graded against; bank questions carry one, LLM plans get one derived. */
  scale: ratingScaleSchema.optional(),
  timeSeconds: z.number().int().positive(),
  topics: z.array(z.string().min(1).max(100)).max(30).default([]),
  language: z.enum(codingLanguages).optional(),
  entryPoint: z.string().min(1).max(100).optional(),
  starter: z.string().min(1).max(4000).optional(),
  tests: z.array(codeTestCaseSchema).max(50).optional(),
});
export type PlanQuestion = z.infer<typeof planQuestionSchema>;

export const planPhaseSchema = z.object({
  phase: z.enum(phaseNames),
  /** The phase's time budget; its questions' budgets sum to at most this. */
  timeSeconds: z.number().int().nonnegative(),
  questions: z.array(planQuestionSchema).max(100),
});
export type PlanPhase = z.infer<typeof planPhaseSchema>;

export const plannerNames = ['llm', 'bank'] as const;
export type PlannerName = (typeof plannerNames)[number];

export const planSchema = z.object({
  planId: z.string().min(1).max(200),
  planner: z.enum(plannerNames),
  role: z.string().min(1).max(100),
  experienceLevel: z.enum(experienceLevelIds),
  format: z.enum(interviewFormats),
  durationMinutes: z.number().int().min(5).max(180),
  /** The language of the coding phase, or null when the plan has none. */
  codingLanguage: z.enum(codingLanguages).nullable(),
  seed: z.number().int(),
  totalSeconds: z.number().int().nonnegative(),
  phases: z.array(planPhaseSchema).max(phaseNames.length),
  /** Why the plan differs from the first choice (e.g. the LLM plan was replaced). */
  warnings: z.array(z.string()).default([]),
});
export type Plan = z.infer<typeof planSchema>;

export const planLimits = {
  minDurationMinutes: 5,
  maxDurationMinutes: 180,
  maxJobDescriptionChars: 20_000,
  maxTopics: 20,
} as const;

/** A request after validation; `role` is checked against the bank's roles by `createPlanRequestSchema`. */
export interface PlanRequest {
  role: string;
  experienceLevel: ExperienceLevelId;
  format: InterviewFormat;
  durationMinutes: number;
  jobDescription?: string | undefined;
  topics?: readonly string[] | undefined;
  codingLanguage?: CodingLanguage | undefined;
  seed?: number | undefined;
}

const allowed = (field: string, values: readonly string[]) => `${field} must be one of: ${values.join(', ')}`;

/** The request schema; roles are data, so the allowed role ids come from the bank. */
export function createPlanRequestSchema(roleIds: readonly [string, ...string[]]) {
  return z.object({
    role: z.enum(roleIds, { error: allowed('role', roleIds) }),
    experienceLevel: z.enum(experienceLevelIds, { error: allowed('experienceLevel', experienceLevelIds) }),
    format: z.enum(interviewFormats, { error: allowed('format', interviewFormats) }).default('blended'),
    durationMinutes: z
      .number({ error: 'durationMinutes must be a whole number of minutes between 5 and 180' })
      .int({ error: 'durationMinutes must be a whole number of minutes between 5 and 180' })
      .min(planLimits.minDurationMinutes, { error: 'durationMinutes must be at least 5' })
      .max(planLimits.maxDurationMinutes, { error: 'durationMinutes must be at most 180' })
      .default(45),
    jobDescription: z
      .string()
      .max(planLimits.maxJobDescriptionChars, { error: 'jobDescription must be at most 20000 characters' })
      .optional(),
    topics: z.array(z.string().trim().min(1).max(100)).max(planLimits.maxTopics).optional(),
    codingLanguage: z.enum(codingLanguages, { error: allowed('codingLanguage', codingLanguages) }).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  });
}
