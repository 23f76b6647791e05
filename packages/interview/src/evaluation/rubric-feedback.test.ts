import { describe, expect, it } from 'vitest';
import { rubricEvaluateVerbal } from './rubric-verbal.js';

const question = {
  id: 'q1',
  text: 'What is the difference between a process and a thread?',
  expectedKeywords: ['memory', 'context switch'],
};
const base =
  'A process has its own memory space, while threads share the memory of their process. Because of that, a context switch between threads is cheaper.';

function concreteAdvice(answer: string) {
  const { strengths, improvements } = rubricEvaluateVerbal({ question, answer });
  return {
    strengths: strengths.filter((s) => s.startsWith('Concrete')),
    improvements: improvements.filter((s) => /concrete/i.test(s)),
  };
}

describe('the rubric feedback on concrete detail says what the answer has', () => {
  it('asks for an example when there is none', () => {
    expect(concreteAdvice(base)).toEqual({
      strengths: [],
      improvements: ['Add a concrete example or numbers.'],
    });
  });

  it('asks for a second one, not for "an example", when the answer gives one', () => {
    const one = `${base} For example, the page tables stay the same.`;
    expect(concreteAdvice(one)).toEqual({
      strengths: [],
      improvements: ['Add a second concrete example, or numbers.'],
    });
  });

  it('names it a strength with an example and numbers', () => {
    const two = `${base} For example, the page tables stay the same, and a switch costs about 2 microseconds instead of 5.`;
    expect(concreteAdvice(two)).toEqual({
      strengths: ['Concrete: examples and specifics.'],
      improvements: [],
    });
  });
});
