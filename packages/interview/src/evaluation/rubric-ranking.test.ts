import { describe, expect, it } from 'vitest';
import { evaluateVerbal } from './evaluate-verbal.js';
import { gradedAnswers } from './graded-answers.fixture.js';
import { kendallTauB } from './kendall-tau.fixture.js';

describe('the rubric orders graded answers like their grades', () => {
  it('kendallTauB: +1, -1 and ties', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 1, 2, 2], [5, 5, 6, 6])).toBe(1);
    expect(kendallTauB([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3);
  });

  it(`on ${gradedAnswers.length} questions × 4 qualities, Kendall tau-b ≥ 0.8`, async () => {
    const grades: number[] = [];
    const scores: number[] = [];
    const perQuestion: string[] = [];
    let tauSum = 0;
    for (const { question, answers } of gradedAnswers) {
      const qGrades: number[] = [];
      const qScores: number[] = [];
      for (const grade of [1, 2, 3, 4] as const) {
        const { score, evaluator } = await evaluateVerbal({ question, answer: answers[grade] });
        expect(evaluator).toBe('rubric');
        qGrades.push(grade);
        qScores.push(score);
      }
      const tau = kendallTauB(qGrades, qScores);
      tauSum += tau;
      perQuestion.push(
        `${question.id}: scores ${qScores.join('/')} for grades 1/2/3/4, tau ${tau.toFixed(2)}`,
      );
      grades.push(...qGrades);
      scores.push(...qScores);
    }
    const overall = kendallTauB(grades, scores);
    const meanPerQuestion = tauSum / gradedAnswers.length;
    // Reported with the run, so a drop is visible before it fails.
    console.info(
      `rubric ranking: Kendall tau-b over all ${grades.length} answers ${overall.toFixed(3)}, ` +
        `mean per question ${meanPerQuestion.toFixed(3)}\n  ${perQuestion.join('\n  ')}`,
    );
    expect(gradedAnswers.length).toBeGreaterThanOrEqual(10);
    expect(overall).toBeGreaterThanOrEqual(0.8);
    expect(meanPerQuestion).toBeGreaterThanOrEqual(0.8);
  });
});
