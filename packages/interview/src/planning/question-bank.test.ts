import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questionFitsRole, scaledSeconds } from './bank-planner.js';
import { bankQuestionSchema } from './bank-schema.js';
import { codingLanguages, phaseNames } from './plan-schema.js';
import { BankFileError, defaultBankDir, loadQuestionBank } from './question-bank.js';
import { nearDuplicateThreshold, textSimilarity } from './text-similarity.js';

const bank = loadQuestionBank();

describe('question bank files', () => {
  it('validates every entry with the schema and holds at least 400 questions', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(400);
    for (const q of bank.questions) expect(bankQuestionSchema.safeParse(q).success, q.id).toBe(true);
  });

  it('has unique ids and no near-duplicate texts', () => {
    const ids = bank.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    const pairs: string[] = [];
    for (let i = 0; i < bank.questions.length; i++) {
      for (let j = i + 1; j < bank.questions.length; j++) {
        const a = bank.questions[i]!;
        const b = bank.questions[j]!;
        if (textSimilarity(a.text, b.text) >= nearDuplicateThreshold) pairs.push(`${a.id} ~ ${b.id}`);
      }
    }
    expect(pairs).toEqual([]);
  });

  it('covers every role, phase and level', () => {
    expect(bank.roles.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'backend',
        'frontend',
        'full-stack',
        'mobile',
        'data-engineer',
        'ml-engineer',
        'devops',
        'qa',
        'engineering-manager',
        'product-manager',
      ]),
    );
    for (const role of bank.roles) {
      for (const phase of phaseNames) {
        if (phase === 'coding' && !role.coding) continue;
        expect(
          bank.questions.some((q) => q.phase === phase && questionFitsRole(q, role)),
          `${role.id} ${phase}`,
        ).toBe(true);
      }
      for (let d = 1; d <= 5; d++) {
        const technical = bank.questions.filter(
          (q) => q.phase === 'technical' && q.difficulty === d && questionFitsRole(q, role),
        );
        expect(technical.length, `${role.id} technical difficulty ${d}`).toBeGreaterThanOrEqual(4);
        const behavioral = bank.questions.filter(
          (q) => q.phase === 'behavioral' && q.difficulty === d && questionFitsRole(q, role),
        );
        expect(behavioral.length, `${role.id} behavioral difficulty ${d}`).toBeGreaterThanOrEqual(4);
      }
      if (!role.coding) continue;
      expect(role.languages.length).toBeGreaterThan(0);
      for (const level of bank.levels) {
        for (let d = level.codingDifficulty.min; d <= level.codingDifficulty.max; d++) {
          const code = bank.questions.filter(
            (q) => q.phase === 'coding' && q.difficulty === d && questionFitsRole(q, role),
          );
          expect(code.length, `${role.id} coding difficulty ${d}`).toBeGreaterThanOrEqual(2);
        }
      }
    }
  });

  it('gives each coding question a variant, entry point and starter per language and at least 3 tests', () => {
    const code = bank.questions.filter((q) => q.kind === 'code');
    expect(code.length).toBeGreaterThanOrEqual(30);
    for (const q of code) {
      for (const language of codingLanguages) {
        const variant = q.variants?.[language];
        expect(variant?.starter, `${q.id} ${language}`).toContain(variant?.entryPoint);
      }
      expect(q.tests!.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('describes levels with rising difficulty and time', () => {
    const junior = bank.level('junior');
    const senior = bank.level('senior');
    expect(senior.difficulty.min).toBeGreaterThan(junior.difficulty.min);
    expect(senior.meanDifficulty.min).toBeGreaterThan(junior.meanDifficulty.max);
    const q = bank.questions.find((x) => x.phase === 'technical')!;
    expect(scaledSeconds(q, senior)).toBeGreaterThan(scaledSeconds(q, junior));
  });
});

describe('loadQuestionBank', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('names the file and the problem when an entry is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'questions'));
    for (const name of ['roles.json', 'levels.json']) {
      writeFileSync(join(dir, name), JSON.stringify(loadRaw(name)));
    }
    writeFileSync(
      join(dir, 'questions', 'broken.json'),
      JSON.stringify({ questions: [{ id: 'x', phase: 'technical', kind: 'verbal', difficulty: 9 }] }),
    );
    expect(() => loadQuestionBank(dir)).toThrowError(BankFileError);
    expect(() => loadQuestionBank(dir)).toThrowError(/broken\.json.*difficulty/);
  });
});

function loadRaw(name: string): unknown {
  return JSON.parse(readFileSync(join(defaultBankDir, name), 'utf8'));
}
