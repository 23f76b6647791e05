import type { CodeEvaluation, VerbalEvaluation } from '../evaluation/evaluation-schemas.js';
import { anchorFor, deriveRatingScale, ungradedPhases } from '../evaluation/rating-scale.js';
import type { PhaseName, PlanQuestion } from '../planning/plan-schema.js';
import type { QuestionOutcome } from './interview-summary.js';

/**
 * What the report shows of a grade: warm-up and closing answers are not
 * graded (no score), every answer carries its question's rating scale, the
 * anchor its score reaches and the text that was set aside.
 */
export function gradeView(
  phase: PhaseName,
  question: PlanQuestion,
  result: VerbalEvaluation | CodeEvaluation,
): Pick<QuestionOutcome, 'score' | 'graded' | 'scale' | 'anchor' | 'setAside'> {
  const graded = !ungradedPhases.has(phase);
  return {
    score: graded ? result.score : null,
    graded,
    scale: 'scale' in result ? result.scale : (question.scale ?? deriveRatingScale({ ...question, phase })),
    anchor: graded ? (anchorFor(result.score) ?? null) : null,
    setAside: result.nonAnswer.flatMap((f) =>
      'excerpt' in f && typeof f.excerpt === 'string' ? [{ kind: f.kind, excerpt: f.excerpt }] : [],
    ),
  };
}
