/**
 * Writes the rating scale of every bank question that has none (or of all,
 * with --all) from its expected points and follow-ups, keeping the files'
 * one-question-per-line layout. Run after adding questions, then read and
 * sharpen the anchors by hand where a question needs more than its points:
 *   node --conditions=@bot-backend/source --import tsx scripts/write-rating-scales.ts [--all]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveRatingScale } from '../src/evaluation/rating-scale.js';

const dir = fileURLToPath(new URL('../bank/questions/', import.meta.url));
const all = process.argv.includes('--all');

/** JSON on one line with ", " and ": " between items, as the bank files are written. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

type Question = Record<string, unknown> & {
  text: string;
  phase: string;
  kind: 'verbal' | 'code';
  expectedKeywords: string[];
  followUps: string[];
};

let written = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const path = join(dir, name);
  const file = JSON.parse(readFileSync(path, 'utf8')) as { description?: string; questions: Question[] };
  const questions = file.questions.map((q) => {
    if (q.scale && !all) return q;
    written++;
    // The scale follows the follow-ups, before the time budget.
    const entries = Object.entries(q).filter(([k]) => k !== 'scale');
    const at = entries.findIndex(([k]) => k === 'followUps') + 1;
    entries.splice(at, 0, ['scale', deriveRatingScale(q)]);
    return Object.fromEntries(entries) as Question;
  });
  const head =
    file.description === undefined ? '' : `  "description": ${JSON.stringify(file.description)},\n`;
  writeFileSync(
    path,
    `{\n${head}  "questions": [\n${questions.map((q) => `    ${inline(q)}`).join(',\n')}\n  ]\n}\n`,
  );
}
console.log(`rating scales written for ${written} questions`);
