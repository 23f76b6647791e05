import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  type BankQuestion,
  bankQuestionFileSchema,
  type ExperienceLevel,
  levelsFileSchema,
  type Role,
  rolesFileSchema,
} from './bank-schema.js';
import type { ExperienceLevelId } from './plan-schema.js';

/** The curated bank: roles, levels and questions, loaded from the JSON files in packages/interview/bank. */
export interface QuestionBank {
  readonly roles: readonly Role[];
  readonly levels: readonly ExperienceLevel[];
  readonly questions: readonly BankQuestion[];
  role(id: string): Role | undefined;
  level(id: ExperienceLevelId): ExperienceLevel;
  question(id: string): BankQuestion | undefined;
}

/** src/planning and dist/planning both sit two levels below the package root. */
export const defaultBankDir = fileURLToPath(new URL('../../bank/', import.meta.url));

export class BankFileError extends Error {
  override readonly name = 'BankFileError';
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BankFileError(`cannot read bank file ${path}`, { cause: error });
  }
}

function parseFile<T>(path: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(readJson(path));
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
      .join('; ');
    throw new BankFileError(`invalid bank file ${path}: ${problems}`);
  }
  return result.data;
}

/** Reads and validates every bank file; throws BankFileError naming the file and the problems. */
export function loadQuestionBank(dir: string = defaultBankDir): QuestionBank {
  const { roles } = parseFile(join(dir, 'roles.json'), rolesFileSchema);
  const { levels } = parseFile(join(dir, 'levels.json'), levelsFileSchema);
  const questionDir = join(dir, 'questions');
  const questions = readdirSync(questionDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => parseFile(join(questionDir, name), bankQuestionFileSchema).questions);
  return createQuestionBank({ roles, levels, questions });
}

export function createQuestionBank(data: {
  roles: readonly Role[];
  levels: readonly ExperienceLevel[];
  questions: readonly BankQuestion[];
}): QuestionBank {
  const roleById = new Map(data.roles.map((r) => [r.id, r]));
  const questionById = new Map(data.questions.map((q) => [q.id, q]));
  const levelById = new Map(data.levels.map((l) => [l.id, l]));
  return {
    ...data,
    role: (id) => roleById.get(id),
    level: (id) => {
      const level = levelById.get(id);
      if (!level) throw new BankFileError(`the bank has no level ${id}`);
      return level;
    },
    question: (id) => questionById.get(id),
  };
}

let cached: QuestionBank | undefined;

/** The default bank, read once per process. */
export function defaultQuestionBank(): QuestionBank {
  cached ??= loadQuestionBank();
  return cached;
}
