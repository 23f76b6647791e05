import type { InterviewSummary } from '@bot-backend/interview';
import { checkEvidence, type EvidenceCheck } from './evidence-check.js';
import { checkFollowUps, type FollowUpCheck } from './follow-up-check.js';
import { injectionSentences } from './persona-answers.js';
import type { PersonaRun } from './persona-run.js';
import { personas } from './personas.js';
import { QuestionLookup } from './question-lookup.js';
import { analyzeTurnTaking, type TurnTaking, type TurnTakingLimits } from './turn-taking.js';

/** What one run of one persona showed. Times are interview ms (wall ms × time scale); vendor latencies are wall ms. */
export interface PersonaReport {
  persona: PersonaRun['persona'];
  description: string;
  transport: PersonaRun['transport'];
  /** Whether the interviewer had its (fake) LLM. */
  llm: PersonaRun['llm'];
  seed: number;
  timeScale: number;
  sessionId: string | undefined;
  endedBy: InterviewSummary['endedBy'] | 'no_summary';
  wallMs: number;
  coverage: { planned: string[]; asked: string[]; missing: string[]; ratio: number };
  turnTaking: TurnTaking;
  latency: {
    /** End of the candidate's speech → the interviewer's first audio at the client, turn-taking wait included. */
    responseGapMs: Stats | undefined;
    /** The same, per interview phase. */
    responseGapByPhaseMs: Record<string, Stats>;
    /** Its two parts: end of speech → the answer stood (its final transcript, once its reply was ready); → first audio. */
    turnTakingMs: Stats | undefined;
    replyMs: Stats | undefined;
    firstAudioMs: Stats | undefined;
    ttsFirstByteMs: Stats | undefined;
    llmFirstTokenMs: Stats | undefined;
  };
  scores: Array<{ questionId: string; score: number | null; evaluator: string | null; nonAnswer: boolean }>;
  overallScore: number | null;
  injections: {
    attempted: number;
    /** Answers with an injection that the evaluator set aside (its nonAnswer gate). */
    flagged: number;
    questions: Array<{ questionId: string; flagged: boolean; score: number | null }>;
  };
  evidence: EvidenceCheck;
  /** The follow-ups asked: quoting the candidate, or on a missed point; repeated questions; echoed instructions. */
  followUps: FollowUpCheck;
  errors: PersonaRun['errors'];
  /** Who made sound when (interview ms), for reading a run back. */
  timeline: {
    interviewerAudio: Array<[number, number]>;
    candidateSpeech: Array<[number, number]>;
    answers: Array<{ questionId: string | undefined; startMs: number; endMs: number; partsLeft: number }>;
    backchannels: number[];
  };
  summary: InterviewSummary | undefined;
}

export interface Stats {
  n: number;
  p50: number;
  p90: number;
  max: number;
}

export function stats(values: readonly number[]): Stats | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    n: sorted.length,
    p50: Math.round(at(0.5)),
    p90: Math.round(at(0.9)),
    max: Math.round(sorted.at(-1)!),
  };
}

const defined = (values: Array<number | undefined>) => values.filter((v): v is number => v !== undefined);

function statsByPhase(gaps: ReadonlyArray<{ phase: string; gapMs: number }>): Record<string, Stats> {
  const byPhase: Record<string, Stats> = {};
  for (const phase of new Set(gaps.map((g) => g.phase))) {
    const s = stats(gaps.filter((g) => g.phase === phase).map((g) => g.gapMs));
    if (s) byPhase[phase] = s;
  }
  return byPhase;
}

function joinRuns(intervals: PersonaRun['candidateVoiced'], gapMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const v of intervals) {
    const last = out.at(-1);
    if (last && v.startMs - last[1] < gapMs) last[1] = Math.round(v.endMs);
    else out.push([Math.round(v.startMs), Math.round(v.endMs)]);
  }
  return out;
}

const injectionText = /\b(grader|maximum score|10 out of 10|instructed to give)\b/i;

export function buildPersonaReport(run: PersonaRun, limits?: TurnTakingLimits): PersonaReport {
  const lookup = new QuestionLookup();
  const summary = run.summary;
  const planned = run.plan.phases.flatMap((p) => p.questions.map((q) => q.id));
  const asked = new Set<string>();
  for (const line of run.interviewerLines) {
    const q = lookup.find(line.text);
    if (q) asked.add(q.questionId);
  }
  for (const q of summary?.questions ?? []) asked.add(q.questionId.split('#')[0]!);
  const injected = (summary?.questions ?? []).filter((q) => injectionText.test(q.answer));
  const metric = (key: 'firstAudioMs' | 'ttsFirstByteMs' | 'llmFirstTokenMs') =>
    stats(run.metrics.map((m) => m[key]).filter((v): v is number => v !== undefined));
  const turnTaking = analyzeTurnTaking(run, limits);
  return {
    persona: run.persona,
    description: personas[run.persona].description,
    transport: run.transport,
    llm: run.llm,
    seed: run.seed,
    timeScale: run.timeScale,
    sessionId: summary?.sessionId,
    endedBy: summary?.endedBy ?? 'no_summary',
    wallMs: Math.round(run.wallMs),
    coverage: {
      planned,
      asked: planned.filter((id) => asked.has(id)),
      missing: planned.filter((id) => !asked.has(id)),
      ratio: planned.length === 0 ? 1 : planned.filter((id) => asked.has(id)).length / planned.length,
    },
    turnTaking,
    latency: {
      responseGapMs: stats(turnTaking.responseGapsMs),
      responseGapByPhaseMs: statsByPhase(turnTaking.responseGaps),
      turnTakingMs: stats(defined(turnTaking.responseGaps.map((g) => g.turnTakingMs))),
      replyMs: stats(defined(turnTaking.responseGaps.map((g) => g.replyMs))),
      firstAudioMs: metric('firstAudioMs'),
      ttsFirstByteMs: metric('ttsFirstByteMs'),
      llmFirstTokenMs: metric('llmFirstTokenMs'),
    },
    scores: (summary?.questions ?? []).map((q) => ({
      questionId: q.questionId,
      score: q.score,
      evaluator: q.evaluator,
      nonAnswer: q.gates.nonAnswer === true,
    })),
    overallScore: summary?.overallScore ?? null,
    injections: {
      attempted: injected.length,
      flagged: injected.filter((q) => q.gates.nonAnswer === true).length,
      questions: injected.map((q) => ({
        questionId: q.questionId,
        flagged: q.gates.nonAnswer === true,
        score: q.score,
      })),
    },
    evidence: summary ? checkEvidence(summary) : { cited: 0, missing: [], overlapping: [] },
    followUps: summary
      ? checkFollowUps(summary, personas[run.persona].injects ? injectionSentences : [])
      : checkFollowUps({ questions: [], transcript: [] }),
    errors: run.errors,
    timeline: {
      interviewerAudio: run.interviewerAudio.map((a) => [Math.round(a.startMs), Math.round(a.endMs)]),
      candidateSpeech: joinRuns(run.candidateVoiced, 300 * run.timeScale),
      answers: run.answers.map((a) => ({
        questionId: a.question?.questionId,
        startMs: Math.round(a.startMs),
        endMs: Math.round(a.endMs),
        partsLeft: a.stoppedWithPartsLeft,
      })),
      backchannels: run.backchannels.map(Math.round),
    },
    summary,
  };
}

/** Which interviewers a simulation ran: with the LLM fake, offline, or each persona with both. */
export type LlmModes = PersonaRun['llm'] | 'both';

/** How much one persona's scores moved across repeated runs. */
export interface Stability {
  persona: PersonaRun['persona'];
  llm: PersonaRun['llm'];
  runs: number;
  overallScores: Array<number | null>;
  /** max − min of the overall score (0 when fewer than two runs were scored). */
  overallSpread: number;
  /** The largest max − min of any question's score among questions every run answered. */
  questionSpread: number;
}

export function stability(reports: readonly PersonaReport[]): Stability {
  const overall = reports.map((r) => r.overallScore);
  const scored = overall.filter((s): s is number => s !== null);
  const byQuestion = new Map<string, number[]>();
  for (const r of reports) {
    for (const s of r.scores)
      if (s.score !== null) byQuestion.set(s.questionId, [...(byQuestion.get(s.questionId) ?? []), s.score]);
  }
  let questionSpread = 0;
  for (const values of byQuestion.values()) {
    if (values.length === reports.length && values.length > 1) {
      questionSpread = Math.max(questionSpread, Math.max(...values) - Math.min(...values));
    }
  }
  return {
    persona: reports[0]!.persona,
    llm: reports[0]!.llm,
    runs: reports.length,
    overallScores: overall,
    overallSpread: scored.length > 1 ? Math.round((Math.max(...scored) - Math.min(...scored)) * 10) / 10 : 0,
    questionSpread,
  };
}

export interface SimReport {
  startedAt: string;
  timeScale: number;
  transport: PersonaRun['transport'];
  llm: LlmModes;
  repeats: number;
  espeak: string;
  limits: TurnTakingLimits;
  runs: PersonaReport[];
  stability: Stability[];
}
