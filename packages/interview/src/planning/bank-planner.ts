import { createHash, randomInt } from 'node:crypto';
import type { BankQuestion, ExperienceLevel, Role } from './bank-schema.js';
import { phaseBudgets } from './phase-budget.js';
import type {
  CodingLanguage,
  PhaseName,
  Plan,
  PlannerName,
  PlanPhase,
  PlanQuestion,
  PlanRequest,
} from './plan-schema.js';
import { defaultQuestionBank, type QuestionBank } from './question-bank.js';
import { type SeededRandom, seededRandom } from './seeded-random.js';
import { isNearDuplicate } from './text-similarity.js';
import { createSteering, matchedTerms, type Steering, steeringScore } from './topic-steering.js';

/** Thrown for a request the bank cannot serve (unknown role); the API validates before this. */
export class PlanRequestError extends Error {
  override readonly name = 'PlanRequestError';
  constructor(
    message: string,
    readonly field: string,
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}

export function resolveRole(bank: QuestionBank, roleId: string): Role {
  const role = bank.role(roleId);
  if (!role) {
    const allowed = bank.roles.map((r) => r.id);
    throw new PlanRequestError(`unknown role ${roleId}`, 'role', allowed);
  }
  return role;
}

/** The coding language of a plan: the requested one, else the role's default; null without a coding phase. */
export function planLanguage(role: Role, request: PlanRequest): CodingLanguage | null {
  if (!role.coding) return null;
  return request.codingLanguage ?? role.languages[0] ?? 'python';
}

export function planSeed(request: PlanRequest): number {
  return request.seed ?? randomInt(0, 2 ** 31 - 1);
}

export function planIdFor(request: PlanRequest, seed: number, planner: PlannerName): string {
  const key = JSON.stringify([
    request.role,
    request.experienceLevel,
    request.format,
    request.durationMinutes,
    request.codingLanguage ?? null,
    [...(request.topics ?? [])],
    request.jobDescription ?? '',
    seed,
    planner,
  ]);
  return `plan_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** A bank question as it appears in a plan, for the role's title and the plan's language. */
export function toPlanQuestion(
  q: BankQuestion,
  role: Role,
  timeSeconds: number,
  language: CodingLanguage | null,
): PlanQuestion {
  const base: PlanQuestion = {
    id: q.id,
    text: q.text.replaceAll('{role}', role.title),
    kind: q.kind,
    difficulty: q.difficulty,
    expectedKeywords: [...q.expectedKeywords],
    followUps: [...q.followUps],
    scale: { ...q.scale },
    timeSeconds,
    topics: [...q.tags],
  };
  if (q.kind !== 'code' || !language) return base;
  const variant = q.variants?.[language];
  const jsName = q.variants?.javascript?.entryPoint;
  if (!variant) return base;
  return {
    ...base,
    // The bank's text names the JavaScript entry point; other languages use their own name.
    text: jsName ? base.text.replaceAll(`${jsName}(`, `${variant.entryPoint}(`) : base.text,
    language,
    entryPoint: variant.entryPoint,
    starter: variant.starter,
    tests: (q.tests ?? []).map((t) => ({ ...t, args: structuredClone(t.args) })),
  };
}

/** Whether a bank question may be asked of this role. */
export function questionFitsRole(q: BankQuestion, role: Role): boolean {
  if (q.roles.includes('*')) return true;
  return q.phase === 'technical'
    ? q.roles.some((r) => role.bankRoles.includes(r))
    : q.roles.includes(role.id);
}

/** Verbal time scaled for the level; coding time too. */
export function scaledSeconds(q: BankQuestion, level: ExperienceLevel): number {
  const factor = q.kind === 'code' ? level.codingTimeFactor : level.verbalTimeFactor;
  return Math.round(q.timeSeconds * factor);
}

/** Spread difficulty targets over the level's range, low to high: the arc rises. */
export function difficultyTargets(min: number, max: number, n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [Math.round((min + max) / 2)];
  return Array.from({ length: n }, (_, i) => Math.round(min + ((max - min) * i) / (n - 1)));
}

interface Selection {
  role: Role;
  level: ExperienceLevel;
  language: CodingLanguage | null;
  steering: Steering;
  random: SeededRandom;
  chosen: PlanQuestion[];
  /** Steering terms the plan already has a question for. */
  covered: Set<string>;
}

function isFresh(q: BankQuestion, sel: Selection, text: string): boolean {
  return sel.chosen.every((c) => c.id !== q.id && !isNearDuplicate(c.text, text));
}

/** The best candidate at the target difficulty (falling back to the nearest one), steered by topics. */
function pick(candidates: readonly BankQuestion[], target: number, sel: Selection): BankQuestion | undefined {
  let best: BankQuestion | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const q of candidates) {
    const score =
      -100 * Math.abs(q.difficulty - target) +
      2 * steeringScore(q, sel.steering, sel.covered) +
      sel.random.next();
    if (score > bestScore) {
      best = q;
      bestScore = score;
    }
  }
  if (best) for (const term of matchedTerms(best, sel.steering)) sel.covered.add(term);
  return best;
}

// Core questions may be shortened to this share of their time to fit a phase; intro and wrap-up to one minute.
const minimumShare = 0.5;
const minimumOpenerSeconds = 60;

function fillRising(pool: readonly BankQuestion[], budget: number, sel: Selection): PlanQuestion[] {
  const { min, max } = sel.level.difficulty;
  const eligible = pool.filter((q) => q.difficulty >= min && q.difficulty <= max);
  if (eligible.length === 0) return [];
  const average = eligible.reduce((s, q) => s + scaledSeconds(q, sel.level), 0) / eligible.length;
  const n = Math.min(eligible.length, Math.max(1, Math.floor(budget / average)));
  const picked: BankQuestion[] = [];
  const taken = new Set<string>();
  for (const target of difficultyTargets(min, max, n)) {
    const fresh = eligible.filter(
      (q) =>
        !taken.has(q.id) && isFresh(q, sel, q.text) && picked.every((p) => !isNearDuplicate(p.text, q.text)),
    );
    const q = pick(fresh, target, sel);
    if (!q) break;
    picked.push(q);
    taken.add(q.id);
  }
  // Difficulty never falls within the phase.
  picked.sort((a, b) => a.difficulty - b.difficulty);
  const out: PlanQuestion[] = [];
  let left = budget;
  for (const q of picked) {
    const full = scaledSeconds(q, sel.level);
    const seconds = Math.min(full, left);
    if (seconds < Math.ceil(full * minimumShare)) continue;
    out.push(toPlanQuestion(q, sel.role, seconds, null));
    left -= seconds;
  }
  return out;
}

function fillCoding(pool: readonly BankQuestion[], budget: number, sel: Selection): PlanQuestion[] {
  const language = sel.language;
  if (!language) return [];
  const { min, max } = sel.level.codingDifficulty;
  const eligible = pool.filter((q) => q.difficulty >= min && q.difficulty <= max && q.variants?.[language]);
  const picked: BankQuestion[] = [];
  let left = budget;
  // One problem at a time, aiming at the middle of the range first, then harder ones while time allows.
  for (const target of [Math.round((min + max) / 2), max, min, max, max, max]) {
    const fits = eligible.filter(
      (q) =>
        scaledSeconds(q, sel.level) <= left &&
        picked.every((p) => p.id !== q.id && !isNearDuplicate(p.text, q.text)) &&
        isFresh(q, sel, q.text),
    );
    const q = pick(fits, target, sel);
    if (!q) break;
    picked.push(q);
    left -= scaledSeconds(q, sel.level);
  }
  picked.sort((a, b) => a.difficulty - b.difficulty);
  return picked.map((q) => toPlanQuestion(q, sel.role, scaledSeconds(q, sel.level), language));
}

function fillOpeners(
  phase: 'intro' | 'wrap_up',
  pool: readonly BankQuestion[],
  budget: number,
  baseBudget: number,
  sel: Selection,
): PlanQuestion[] {
  const fresh = pool.filter((q) => isFresh(q, sel, q.text));
  if (phase === 'intro') {
    // Role-specific openers first, then general ones, shuffled by the seed.
    const keyed = fresh.map((q) => ({ q, generic: Number(q.roles.includes('*')), key: sel.random.next() }));
    const ranked = keyed.sort((a, b) => a.generic - b.generic || a.key - b.key).map((k) => k.q);
    const out: PlanQuestion[] = [];
    let left = budget;
    for (const q of ranked.slice(0, 2)) {
      const full = scaledSeconds(q, sel.level);
      const seconds = Math.min(full, left);
      // Only the first opener may be shortened; a second one must fit whole.
      if (seconds < minimumOpenerSeconds || (out.length > 0 && seconds < full)) break;
      out.push(toPlanQuestion(q, sel.role, seconds, null));
      left -= seconds;
    }
    return out;
  }
  // Wrap-up ends with the candidate's own questions, which get the rest of the wrap-up time.
  const closing = fresh.find((q) => q.id === 'wu-candidate-questions') ?? fresh[0];
  if (!closing) return [];
  const out: PlanQuestion[] = [];
  let left = budget;
  const others = fresh.filter((q) => q.id !== closing.id);
  if (others.length > 0 && left >= 120 + 300) {
    const q = others[sel.random.int(others.length)]!;
    out.push(toPlanQuestion(q, sel.role, 120, null));
    left -= 120;
  }
  const seconds = Math.min(left, Math.max(closing.timeSeconds, baseBudget));
  if (seconds >= minimumOpenerSeconds) out.push(toPlanQuestion(closing, sel.role, seconds, null));
  return out;
}

/**
 * The offline planner: a deterministic plan from the curated bank for the
 * request's seed. Every plan it returns satisfies `checkPlanInvariants`.
 */
export function planFromBank(request: PlanRequest, bank: QuestionBank = defaultQuestionBank()): Plan {
  const role = resolveRole(bank, request.role);
  const level = bank.level(request.experienceLevel);
  const seed = planSeed(request);
  const language = planLanguage(role, request);
  const sel: Selection = {
    role,
    level,
    language,
    steering: createSteering(request.topics, request.jobDescription),
    random: seededRandom(seed),
    chosen: [],
    covered: new Set(),
  };
  const poolFor = (phase: PhaseName) =>
    bank.questions.filter((q) => q.phase === phase && questionFitsRole(q, role));
  const codingPool = poolFor('coding');
  const cheapestCode = Math.min(
    ...codingPool
      .filter((q) => q.difficulty >= level.codingDifficulty.min && q.difficulty <= level.codingDifficulty.max)
      .map((q) => scaledSeconds(q, level)),
  );
  const budgets = phaseBudgets({
    format: request.format,
    durationSeconds: request.durationMinutes * 60,
    coding: language !== null,
    minimumSeconds: { technical: 120, behavioral: 120, coding: cheapestCode },
  });

  const phases: PlanPhase[] = [];
  let carry = 0;
  for (const { phase, seconds } of budgets) {
    const budget = seconds + carry;
    const pool = poolFor(phase);
    const questions =
      phase === 'intro' || phase === 'wrap_up'
        ? fillOpeners(phase, pool, budget, seconds, sel)
        : phase === 'coding'
          ? fillCoding(pool, budget, sel)
          : fillRising(pool, budget, sel);
    const used = questions.reduce((s, q) => s + q.timeSeconds, 0);
    carry = budget - used;
    if (questions.length === 0) continue;
    sel.chosen.push(...questions);
    phases.push({ phase, timeSeconds: used, questions });
  }
  const totalSeconds = phases.reduce((s, p) => s + p.timeSeconds, 0);
  const hasCode = phases.some((p) => p.phase === 'coding');
  return {
    planId: planIdFor(request, seed, 'bank'),
    planner: 'bank',
    role: role.id,
    experienceLevel: request.experienceLevel,
    format: request.format,
    durationMinutes: request.durationMinutes,
    codingLanguage: hasCode ? language : null,
    seed,
    totalSeconds,
    phases,
    warnings: [],
  };
}
