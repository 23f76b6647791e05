import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadQuestionBank } from '../planning/question-bank.js';
import type { VerbalQuestion } from './evaluation-schemas.js';

/**
 * The graded set: bank questions with four answers each, graded 0–10 by the
 * rating scale with a one-line reason (graded-set/*.json). Questions are split
 * into `dev` (the rubric was tuned looking at these) and `holdout` (only
 * measured), so the held-out figures say how the rubric generalises.
 */
const gradedFileSchema = z.strictObject({
  description: z.string(),
  questions: z.array(
    z.strictObject({
      bankId: z.string(),
      category: z.enum([
        'intro',
        'technical',
        'system-design',
        'coding-explanation',
        'behavioral',
        'wrap-up',
      ]),
      role: z.string(),
      level: z.enum(['junior', 'mid', 'senior']),
      split: z.enum(['dev', 'holdout']),
      /** Replaces the bank text (coding problems asked as "explain your approach"). */
      text: z.string().optional(),
      answers: z
        .array(
          z.strictObject({
            grade: z.number().int().min(0).max(10),
            reason: z.string().min(10),
            text: z.string(),
          }),
        )
        .length(4),
    }),
  ),
});

export interface GradedItem {
  question: VerbalQuestion;
  category: string;
  role: string;
  level: string;
  split: 'dev' | 'holdout';
  grade: number;
  reason: string;
  answer: string;
}

export interface GradedQuestionSet {
  question: VerbalQuestion;
  category: string;
  split: 'dev' | 'holdout';
  answers: Array<{ grade: number; reason: string; text: string }>;
}

const bank = loadQuestionBank();

function load(name: string) {
  return gradedFileSchema.parse(
    JSON.parse(readFileSync(new URL(`./graded-set/${name}`, import.meta.url), 'utf8')),
  );
}

export const gradedSet: readonly GradedQuestionSet[] = ['graded-set-a.json', 'graded-set-b.json'].flatMap(
  (file) =>
    load(file).questions.map((entry) => {
      const source = bank.questions.find((q) => q.id === entry.bankId);
      if (!source) throw new Error(`graded set: no bank question ${entry.bankId}`);
      const title = bank.roles.find((r) => r.id === entry.role)?.title ?? entry.role;
      const question: VerbalQuestion = {
        id: source.id,
        text: (entry.text ?? source.text).replaceAll('{role}', title),
        expectedKeywords: source.expectedKeywords,
        followUps: source.followUps,
        phase: source.phase,
        difficulty: source.difficulty,
        ...('scale' in source && source.scale ? { scale: source.scale } : {}),
      };
      return { question, category: entry.category, split: entry.split, answers: entry.answers };
    }),
);

export const gradedItems: readonly GradedItem[] = gradedSet.flatMap((set) =>
  set.answers.map((a) => ({
    question: set.question,
    category: set.category,
    role: '',
    level: '',
    split: set.split,
    grade: a.grade,
    reason: a.reason,
    answer: a.text,
  })),
);
