import { describe, expect, it } from 'vitest';
import { evaluateVerbal } from './evaluate-verbal.js';
import { gradedItems, gradedSet } from './graded-set.fixture.js';
import { kendallTauB } from './kendall-tau.fixture.js';

interface Measure {
  tau: number;
  mae: number;
  n: number;
}

function measure(pairs: ReadonlyArray<{ grade: number; score: number }>): Measure {
  const grades = pairs.map((p) => p.grade);
  const scores = pairs.map((p) => p.score);
  const mae = pairs.reduce((sum, p) => sum + Math.abs(p.grade - p.score), 0) / pairs.length;
  return { tau: kendallTauB(grades, scores), mae, n: pairs.length };
}

const show = (m: Measure) => `Kendall tau-b ${m.tau.toFixed(3)}, MAE ${m.mae.toFixed(2)} (${m.n} answers)`;

describe('the graded set', () => {
  it('has at least 40 questions × 4 graded answers across roles, levels and phases, each grade with a reason', () => {
    expect(gradedSet.length).toBeGreaterThanOrEqual(40);
    for (const set of gradedSet) {
      expect(set.answers).toHaveLength(4);
      // Four different grades: the answers span the scale.
      expect(new Set(set.answers.map((a) => a.grade)).size, set.question.id).toBe(4);
    }
    const categories = new Set(gradedSet.map((s) => s.category));
    for (const c of ['intro', 'technical', 'system-design', 'coding-explanation', 'behavioral']) {
      expect(categories.has(c), c).toBe(true);
    }
    expect(new Set(gradedSet.map((s) => s.question.id)).size).toBe(gradedSet.length);
    expect(gradedSet.filter((s) => s.split === 'holdout').length).toBeGreaterThanOrEqual(20);
  });

  it('the rubric agrees with the grades: Kendall tau-b ≥ 0.85 and mean absolute error ≤ 1.5, on the whole set and on the held-out half', async () => {
    const rows: Array<{ grade: number; score: number; split: string; category: string }> = [];
    for (const item of gradedItems) {
      const result = await evaluateVerbal({ question: item.question, answer: item.answer });
      expect(result.evaluator).toBe('rubric');
      // Real answers are never mistaken for text aimed at the grader.
      expect(result.gates.nonAnswer, `${item.question.id} graded ${item.grade}`).toBe(false);
      rows.push({ grade: item.grade, score: result.score, split: item.split, category: item.category });
    }
    const all = measure(rows);
    const dev = measure(rows.filter((r) => r.split === 'dev'));
    const holdout = measure(rows.filter((r) => r.split === 'holdout'));
    const byCategory = [...new Set(rows.map((r) => r.category))].map(
      (c) => `${c}: ${show(measure(rows.filter((r) => r.category === c)))}`,
    );
    // Reported with the run (and in the package README), so a drift is visible before it fails.
    console.info(
      `graded set: all ${show(all)}\n  dev ${show(dev)}\n  held out ${show(holdout)}\n  ${byCategory.join('\n  ')}`,
    );
    expect(all.tau).toBeGreaterThanOrEqual(0.85);
    expect(all.mae).toBeLessThanOrEqual(1.5);
    expect(holdout.tau).toBeGreaterThanOrEqual(0.85);
    expect(holdout.mae).toBeLessThanOrEqual(1.5);
  }, 120_000);

  it('an open question answered concretely scores above a vague answer, and above 0', async () => {
    const stack = gradedSet.find((s) => s.question.id === 'in-tech-stack')!;
    const concrete = stack.answers.find((a) => a.grade === 6)!.text;
    const vague = stack.answers.find((a) => a.grade === 3)!.text;
    const a = await evaluateVerbal({ question: stack.question, answer: concrete });
    const b = await evaluateVerbal({ question: stack.question, answer: vague });
    expect(a.score).toBeGreaterThan(0);
    expect(a.score).toBeGreaterThan(b.score);
  });

  it('a strong behavioural story about a failed migration scores high', async () => {
    const incident = gradedSet.find((s) => s.question.id === 'bh-production-incident')!;
    const story = incident.answers.find((a) => a.grade === 9)!.text;
    const result = await evaluateVerbal({ question: incident.question, answer: story });
    expect(result.score).toBeGreaterThanOrEqual(8);
    expect(result.feedback).toMatch(/STAR: 4 of 4/);
  });
});
