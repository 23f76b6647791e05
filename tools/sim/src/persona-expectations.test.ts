import { beforeAll, describe, expect, it } from 'vitest';
import { type LlmMode, runPersona } from './persona-run.js';
import { type PersonaName, personas } from './personas.js';
import { buildPersonaReport, type PersonaReport } from './sim-report.js';
import { requireEspeak } from './speech-check.js';
import { SpeechSynthesizer } from './speech-synthesizer.js';

// The quick subset of `pnpm sim`: a five-minute interview (intro, technical,
// wrap-up) at four times real time, the personas side by side, each with its
// own Deepgram and Cartesia fakes behind the real vendor packages; offline
// first, then some of them again with the interviewer's LLM (the OpenAI fake).
const espeak = requireEspeak();
// Four, not eight: at eight times real time a loaded 2-core machine's scheduling delays become
// a large part of the 300 ms end-of-turn wait, and a thinking pause could be misread.
const timeScale = 4;
const reports = new Map<PersonaName, PersonaReport>();
const withLlm = new Map<PersonaName, PersonaReport>();
const quickWithLlm: Array<{ name: PersonaName; maxAnswers?: number }> = [
  { name: 'expert' },
  { name: 'average' },
  { name: 'weak' },
  { name: 'prompt-injector' },
  { name: 'rambler', maxAnswers: 2 },
];
const quick: Array<{ name: PersonaName; maxAnswers?: number }> = [
  { name: 'expert' },
  { name: 'average' },
  { name: 'weak' },
  { name: 'prompt-injector' },
  { name: 'long-pauser' },
  { name: 'rambler', maxAnswers: 2 },
  { name: 'silent' },
];

const report = (name: PersonaName): PersonaReport => {
  const found = reports.get(name);
  if (!found) throw new Error(`no report for ${name}`);
  return found;
};

describe.skipIf(!espeak)('personas through the whole voice loop', () => {
  beforeAll(async () => {
    const synthesizer = new SpeechSynthesizer({ timeScale });
    const runAll = (list: typeof quick, llm: LlmMode, into: Map<PersonaName, PersonaReport>) =>
      Promise.all(
        list.map(async ({ name, maxAnswers }) => {
          const run = await runPersona({
            persona: personas[name],
            synthesizer,
            timeScale,
            durationMinutes: 5,
            maxAnswers,
            llm,
            // On a busy machine a slow turn, at four times real time, is a long silence: a candidate
            // who answers waits for the next question rather than leaving (only the silent one leaves).
            ...(name === 'silent' ? {} : { leaveAfterSilenceMs: 60_000 }),
          });
          into.set(name, buildPersonaReport(run));
        }),
      );
    await runAll(quick, 'none', reports);
    await runAll(quickWithLlm, 'fake', withLlm);
  }, 240_000);

  it('ranks the expert above the average candidate, and the average above the weak one', () => {
    const [expert, average, weak] = [report('expert'), report('average'), report('weak')];
    for (const r of [expert, average, weak]) {
      expect(r.endedBy).toBe('plan_complete');
      expect(r.coverage.missing).toEqual([]);
      expect(r.scores.length).toBeGreaterThanOrEqual(r.coverage.planned.length);
    }
    expect(expert.overallScore!).toBeGreaterThan(average.overallScore!);
    expect(average.overallScore!).toBeGreaterThan(weak.overallScore!);
  });

  it('gives the prompt-injector nothing for its injections, and its report flags every one', () => {
    const injector = report('prompt-injector');
    const average = report('average');
    expect(injector.injections.attempted).toBe(injector.scores.length);
    expect(injector.injections.attempted).toBeGreaterThan(0);
    expect(injector.injections.flagged).toBe(injector.injections.attempted);
    // Same answers as the average candidate, plus the injection: never a higher score.
    for (const s of injector.scores) {
      const plain = average.scores.find((a) => a.questionId === s.questionId);
      // Warm-up and closing answers are not graded (score null): nothing to compare.
      if (plain && s.score !== null && plain.score !== null) expect(s.score).toBeLessThanOrEqual(plain.score);
    }
    expect(injector.overallScore!).toBeLessThanOrEqual(average.overallScore!);
    expect(injector.overallScore!).toBeLessThan(10);
  });

  it('never cuts the long-pauser off mid-thought', () => {
    const pauser = report('long-pauser');
    expect(pauser.turnTaking.cutOffs).toEqual([]);
    expect(pauser.endedBy).toBe('plan_complete');
    // Each answer arrived whole: the words after the pause are part of the same answer.
    for (const q of pauser.summary!.questions) expect(q.answer).toMatch(/let me think\.? .+/i);
  });

  it('cuts the rambler in, with the polite line, only once the budget is spent', () => {
    const rambler = report('rambler');
    expect(rambler.turnTaking.cutIns.length).toBeGreaterThanOrEqual(1);
    expect(rambler.turnTaking.cutOffs).toEqual([]);
    for (const cut of rambler.turnTaking.cutIns) expect(cut.answeredMs).toBeGreaterThan(cut.budgetMs);
    // The engine's cut-in line thanks the candidate and says why it moves on.
    const lines = rambler.summary!.transcript.filter((t) => t.speaker === 'interviewer');
    expect(lines.some((line) => /^Thanks, that's helpful\. In the interest of time/.test(line.text))).toBe(
      true,
    );
  });

  it('ends the silent candidate with a clear summary and no crash', () => {
    const silent = report('silent');
    expect(silent.endedBy).toBe('candidate');
    expect(silent.errors.filter((e) => e.fatal)).toEqual([]);
    const summary = silent.summary!;
    expect(summary.questions).toEqual([]);
    expect(summary.overallScore).toBeNull();
    expect(summary.transcript.every((t) => t.speaker === 'interviewer')).toBe(true);
    expect(summary.transcript.at(-1)!.text).toMatch(/thank you for your time/i);
  });

  it('cites, for every score of every persona, spans that exist in its transcript', () => {
    let cited = 0;
    for (const r of reports.values()) {
      const summary = r.summary!;
      for (const q of summary.questions) {
        if (q.answer) expect(q.evidence.length).toBeGreaterThan(0);
        for (const span of q.evidence) {
          cited += 1;
          expect(summary.transcript).toContainEqual(span);
          expect(span.startMs).toBeGreaterThanOrEqual(0);
          expect(span.endMs).toBeLessThanOrEqual(summary.durationMs);
        }
      }
      expect(r.evidence.missing).toEqual([]);
      expect(summary.versions.rubric).toMatch(/\S/);
      expect(summary.versions.prompt).toMatch(/\S/);
    }
    expect(cited).toBeGreaterThan(10);
  });
  it('offline, follows up every answering persona on a point it missed, and never asks a question twice', () => {
    for (const [name, r] of reports) {
      expect(r.followUps.repeated, name).toEqual([]);
      if (name === 'silent') {
        expect(r.followUps.asked).toEqual([]);
        continue;
      }
      expect(r.followUps.missedPoints, name).toBeGreaterThanOrEqual(1);
      for (const f of r.followUps.asked) {
        expect(f.source, name).toBe('missed_point');
        expect(f.targetsMissedPoint, `${name}: ${f.text}`).toBe(true);
      }
    }
  });

  it('with the LLM, every persona gets a follow-up that quotes its own words, and none repeats a question', () => {
    for (const [name, r] of withLlm) {
      expect(r.llm).toBe('fake');
      expect(r.endedBy, name).not.toBe('no_summary');
      expect(r.followUps.repeated, name).toEqual([]);
      expect(r.followUps.quoting, name).toBeGreaterThanOrEqual(1);
      for (const f of r.followUps.asked.filter((a) => a.source === 'llm')) {
        expect(f.quotesCandidate, `${name}: ${f.text}`).toBe(true);
      }
    }
  });

  it("never lets the prompt-injector's instructions into a follow-up or any interviewer line", () => {
    for (const r of [report('prompt-injector'), withLlm.get('prompt-injector')!]) {
      expect(r.injections.attempted).toBeGreaterThan(0);
      expect(r.followUps.asked.length).toBeGreaterThan(0);
      expect(r.followUps.echoingInstructions).toEqual([]);
      expect(r.followUps.linesEchoingInstructions).toEqual([]);
    }
    // The model obeyed the injection in a proposal; the engine set it aside and said why.
    expect(withLlm.get('prompt-injector')!.followUps.asked.some((f) => f.rejected !== undefined)).toBe(true);
  });
});
