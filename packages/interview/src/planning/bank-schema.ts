import { z } from 'zod';
import { ratingScaleSchema } from '../evaluation/rating-scale.js';
import {
  codeTestCaseSchema,
  codingLanguages,
  difficultySchema,
  experienceLevelIds,
  phaseNames,
  questionKinds,
} from './plan-schema.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

export const roleSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Whether the role's interviews include a coding phase. */
  coding: z.boolean(),
  /** Languages that fit the role, the default first. */
  languages: z.array(z.enum(codingLanguages)),
  /** Role ids whose technical questions this role also draws from (itself included). */
  bankRoles: z.array(slug).min(1),
  /** What the technical phase should cover; steers the LLM planner. */
  focus: z.array(z.string().min(1)).min(1),
});
export type Role = z.infer<typeof roleSchema>;

const range = z
  .strictObject({ min: difficultySchema, max: difficultySchema })
  .refine((r) => r.min <= r.max, 'min must not exceed max');

export const experienceLevelSchema = z.strictObject({
  id: z.enum(experienceLevelIds),
  title: z.string().min(1),
  description: z.string().min(1),
  /** Difficulty range of technical and behavioral questions. */
  difficulty: range,
  /** Difficulty range of the coding problem. */
  codingDifficulty: range,
  /** The mean difficulty of the assessed questions (technical, coding, behavioral) must lie in this band. */
  meanDifficulty: z.strictObject({ min: z.number().min(1).max(5), max: z.number().min(1).max(5) }),
  /** Multiplies a verbal question's time budget (seniors are expected to go deeper into trade-offs). */
  verbalTimeFactor: z.number().positive(),
  /** Multiplies a coding problem's time budget (juniors get more time on easier problems). */
  codingTimeFactor: z.number().positive(),
});
export type ExperienceLevel = z.infer<typeof experienceLevelSchema>;

export const codeVariantSchema = z.strictObject({
  entryPoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  starter: z.string().min(1),
});
export type CodeVariant = z.infer<typeof codeVariantSchema>;

export const bankQuestionSchema = z
  .strictObject({
    id: slug,
    phase: z.enum(phaseNames),
    kind: z.enum(questionKinds),
    /** Role ids, or '*' for every role. `{role}` in the text is replaced by the role's title. */
    roles: z.array(z.union([slug, z.literal('*')])).min(1),
    difficulty: difficultySchema,
    text: z.string().min(15).max(2000),
    expectedKeywords: z.array(z.string().min(1)).min(1).max(15),
    followUps: z.array(z.string().min(5)).min(1).max(5),
    /** What a 2, 5, 8 and 10 answer to this question contains (scripts/write-rating-scales.ts writes it). */
    scale: ratingScaleSchema,
    timeSeconds: z.number().int().min(30).max(3600),
    tags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+#./\- ]*$/))
      .min(1)
      .max(12),
    /** Code questions: one variant per language, the runnable cases and reference solutions. */
    variants: z.partialRecord(z.enum(codingLanguages), codeVariantSchema).optional(),
    tests: z.array(codeTestCaseSchema).optional(),
    reference: z.partialRecord(z.enum(['javascript', 'python']), z.string().min(1)).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'code') {
      for (const language of codingLanguages) {
        if (!q.variants?.[language]) ctx.addIssue({ code: 'custom', message: `missing ${language} variant` });
      }
      if (!q.tests || q.tests.length < 3) ctx.addIssue({ code: 'custom', message: 'needs at least 3 tests' });
      if (!q.reference?.javascript || !q.reference.python) {
        ctx.addIssue({ code: 'custom', message: 'needs javascript and python reference solutions' });
      }
      if (q.phase !== 'coding') ctx.addIssue({ code: 'custom', message: 'code questions belong to coding' });
    } else if (q.variants || q.tests || q.reference) {
      ctx.addIssue({ code: 'custom', message: 'verbal questions carry no code fields' });
    }
    if (q.phase === 'coding' && q.kind !== 'code') {
      ctx.addIssue({ code: 'custom', message: 'the coding phase holds code questions only' });
    }
  });
export type BankQuestion = z.infer<typeof bankQuestionSchema>;

export const bankQuestionFileSchema = z.strictObject({
  description: z.string().optional(),
  questions: z.array(bankQuestionSchema).min(1),
});
export const rolesFileSchema = z.strictObject({ roles: z.array(roleSchema).min(1) });
export const levelsFileSchema = z.strictObject({ levels: z.array(experienceLevelSchema).length(3) });
