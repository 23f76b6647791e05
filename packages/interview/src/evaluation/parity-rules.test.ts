import { describe, expect, it } from 'vitest';
import { isEmptyAnswer } from './empty-answer.js';
import { evaluateVerbal } from './evaluate-verbal.js';
import type { VerbalQuestion } from './evaluation-schemas.js';
import { clampFeedback } from './feedback-clamp.js';
import { DEFAULT_FEEDBACK_MODEL } from './feedback-model.js';
import { keywordGate } from './keyword-gate.js';
import { lengthGate } from './length-gate.js';
import { toScore } from './score.js';
import { stripLeadingPleasantries } from './thank-you-stripping.js';

const words = (n: number, word = 'word') => Array.from({ length: n }, () => word).join(' ');

describe('rule 1: empty answer', () => {
  it.each([
    ['', true],
    ['   \n\t ', true],
    ['Thank you! Thanks.', true],
    ['thank you', true],
    ['THANKS!!!', true],
    ['ok', true],
    ['OK.', true],
    ['Okay...', true],
    ["That's all.", true],
    ['That’s all', true],
    ['thats all', true],
    ['Thank you very much. That is all. Bye!', true],
    ['um... ok, thanks', true],
    ['Thanks for asking, a mutex is a lock.', false],
    ['ok so a thread shares memory', false],
    ['No.', false],
    ['I do not know.', false],
    ['42', false],
  ])('%j → empty %s', (text, expected) => {
    expect(isEmptyAnswer(text)).toBe(expected);
  });

  it('scores 0 with feedback that no answer was given and no gates lifted', async () => {
    const result = await evaluateVerbal({
      question: { id: 'q', text: 'What is a mutex?', expectedKeywords: ['lock'] },
      answer: 'Thank you! Thanks.',
    });
    expect(result).toMatchObject({ score: 0, evaluator: 'rubric', model: null });
    expect(result.gates).toEqual({ empty: true, length: true, keyword: true, nonAnswer: false });
    expect(result.feedback).toMatch(/no answer was given/i);
  });
});

describe('rule 2: thank-you stripping', () => {
  it.each([
    ['Thank you for your answer. You explained locks well.', 'You explained locks well.'],
    ['Thanks for sharing! Great question. Mention deadlocks.', 'Mention deadlocks.'],
    ['Great question! Good question. Add an example.', 'Add an example.'],
    ['thank you for the detail, it helped. Add numbers.', 'Add numbers.'],
    ['You covered it. Thank you for that.', 'You covered it. Thank you for that.'],
    ['Thanks.', ''],
    ['Thankfully the answer is right.', 'Thankfully the answer is right.'],
  ])('%j → %j', (feedback, expected) => {
    expect(stripLeadingPleasantries(feedback)).toBe(expected);
  });
});

describe('rule 3: 200-character feedback clamp at a word boundary', () => {
  const exactly200 = `${'abcd '.repeat(39)}abcd`; // 39 * 5 + 4 = 199
  it.each([
    ['short text is untouched', 'Clear and correct.', 'Clear and correct.'],
    ['exactly 200 characters are kept', `${exactly200}x`, `${exactly200}x`],
    ['201 characters are cut after the last whole word', `${exactly200}xy`, `${exactly200.slice(0, 194)}…`],
    ['a single word longer than 200 is cut inside it', 'x'.repeat(250), `${'x'.repeat(199)}…`],
    [
      'a comma before the cut is dropped',
      `${'abcd '.repeat(38)}abc, ${'z'.repeat(30)}`,
      `${'abcd '.repeat(38)}abc…`,
    ],
    ['whitespace runs count once', `a${' '.repeat(300)}b`, 'a b'],
    ['a tab, a line break or a no-break space is one space', 'a\tb\nc\u00a0d \r\ne', 'a b c d e'],
    ['single spaces stay as they are', ' Shows 2 of 2 points. ', 'Shows 2 of 2 points.'],
  ])('%s', (_name, input, expected) => {
    const out = clampFeedback(input);
    expect(out).toBe(expected);
    expect(Array.from(out).length).toBeLessThanOrEqual(200);
  });

  it('counts code points, never splitting an emoji', () => {
    const out = clampFeedback('🙂'.repeat(250));
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith('🙂…')).toBe(true);
  });

  it('a cut text ends with … and its words are whole words of the input', () => {
    const input = 'The answer explains the scheduler, context switches and memory isolation. '.repeat(5);
    const out = clampFeedback(input);
    expect(out.endsWith('…')).toBe(true);
    expect(input.startsWith(out.slice(0, -1))).toBe(true);
    expect(input[out.length - 1]).toMatch(/[\s,]/);
  });
});

describe('rule 4: length gate', () => {
  it.each([
    [words(7), undefined, true],
    [words(8), undefined, false],
    [words(4), 5, true],
    [words(5), 5, false],
    ['', 0, false],
    ["don't stop-the world now please ok", undefined, true],
  ])('%j with minWords %s → fired %s', (answer, minWords, fired) => {
    expect(lengthGate(answer, minWords).fired).toBe(fired);
  });
});

describe('rule 5: keyword gate with simple stemming', () => {
  it.each([
    ['plural', ['thread'], 'Threads run inside a process.', true],
    ['plural -es', ['process'], 'Several processes were spawned.', true],
    ['plural -ies', ['query'], 'Slow queries hurt.', true],
    ['-ing form', ['cache'], 'Caching the result helps.', true],
    ['-ing with doubled consonant', ['run'], 'The job is running.', true],
    ['-ed form', ['lock'], 'The row is locked first.', true],
    ['case-insensitive', ['TCP'], 'it opens a tcp connection', true],
    ['two-word keyword', ['context switch'], 'The cost of context switching is high.', true],
    ['two-word keyword, hyphenated', ['context switch'], 'A context-switch saves registers.', true],
    ['two-word keyword, words apart', ['context switch'], 'The context of a switch statement.', false],
    ['no match', ['mutex'], 'I would use a database.', false],
    ['Chinese keyword', ['内存'], '线程共享内存。', true],
  ])('%s', (_name, keywords, answer, matched) => {
    const gate = keywordGate(answer, keywords);
    expect(gate.fired).toBe(!matched);
  });

  it('does not fire without expected keywords', () => {
    expect(keywordGate('anything', undefined).fired).toBe(false);
    expect(keywordGate('anything', []).fired).toBe(false);
  });

  it('caps an answer that shows the points without their words, and its feedback says so without contradicting itself', async () => {
    // A warm-up question's points ("languages", "tools") shown by what they are, never named.
    const question: VerbalQuestion = {
      id: 'in-tech-stack',
      text: 'Which technologies have you worked with most, and which do you enjoy most?',
      expectedKeywords: ['languages', 'frameworks', 'tools', 'preferences'],
      phase: 'intro',
    };
    const result = await evaluateVerbal({
      role: 'backend',
      question,
      answer:
        'I mostly write Python and Go on the backend, with PostgreSQL and Redis for storage and Kafka for events, all deployed on Kubernetes.',
    });
    expect(result.gates.keyword).toBe(true);
    expect(result.score).toBeLessThanOrEqual(4);
    const shown = Number(/Shows (\d+) of 4 expected points/.exec(result.feedback)?.[1]);
    expect(shown).toBeGreaterThan(0);
    expect(result.feedback).toContain('None of the expected keywords is named.');
    expect(result.feedback).not.toMatch(/None of the expected points/);
  });
});

describe('rule 6: integer scores 0–10 and the gates in the response', () => {
  it.each([
    [-3, 0],
    [0.4, 0],
    [6.5, 7],
    [10.2, 10],
    [42, 10],
    [Number.NaN, 0],
  ])('toScore(%s) = %s', (input, expected) => {
    expect(toScore(input)).toBe(expected);
  });

  const question: VerbalQuestion = {
    id: 'os-1',
    text: 'What is the difference between a process and a thread?',
    expectedKeywords: ['memory', 'context switch'],
  };
  const strong =
    'A process has its own memory space, while threads share the memory of their process. Because of that a context switch between threads is cheaper, for example no page table change is needed.';

  it.each([
    ['no gate', strong, { empty: false, length: false, keyword: false, nonAnswer: false }, 10],
    [
      'length gate caps at 2',
      'Threads share memory.',
      { empty: false, length: true, keyword: false, nonAnswer: false },
      2,
    ],
    [
      'keyword gate caps at 4',
      'A process is a program that runs on the computer, and it can contain several workers inside it which run at once. Each of them has its own stack.',
      { empty: false, length: false, keyword: true, nonAnswer: false },
      4,
    ],
    [
      'both gates',
      'Processes are programs.',
      { empty: false, length: true, keyword: true, nonAnswer: false },
      2,
    ],
  ])('%s', async (_name, answer, gates, cap) => {
    const result = await evaluateVerbal({ question, answer });
    expect(result.gates).toEqual(gates);
    expect(Number.isInteger(result.score)).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(cap);
    expect(Array.from(result.feedback).length).toBeLessThanOrEqual(200);
  });

  it('a gated answer scores below the same question answered well', async () => {
    const good = await evaluateVerbal({ question, answer: strong });
    const short = await evaluateVerbal({ question, answer: 'Threads share memory.' });
    expect(good.score).toBeGreaterThan(4);
    expect(short.score).toBeLessThan(good.score);
  });
});

describe('rule 7: feedback model', () => {
  it('defaults to gpt-4o-mini', () => {
    expect(DEFAULT_FEEDBACK_MODEL).toBe('gpt-4o-mini');
  });
});
