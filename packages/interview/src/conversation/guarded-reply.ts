import type { SentenceFilter } from '@bot-backend/voice';
import { contentStems, questionForm, verdicts } from './follow-up-guard.js';
import type { InstructionEcho } from './injection-echo.js';

// A sentence that asks: a question mark, or a prompt like "Tell me about…", "Describe…", "Walk me through…".
const asking =
  /[?？]|^\W*(?:(?:so|now|next|okay|ok|and)[\s,]+)*(?:tell (?:me|us)|describe|explain|walk (?:me|us) through|talk (?:me|us) through|give (?:me|us) an example|share)\b/iu;

/** Share of the planned question's content words a sentence must carry to count as asking it. */
const questionCoverage = 0.6;

export interface ReplyGuard {
  /** The question the line must ask (the plan's, or the follow-up chosen). */
  question: string;
  /** The orders the candidate gave during the interview. */
  echo: InstructionEcho;
}

/**
 * The interviewer's LLM line, checked sentence by sentence before any of it
 * is spoken (the streamed turn's sentence filter): a sentence that repeats an
 * order the candidate gave, carries an injection marker or gives a verdict
 * is dropped; a question is kept only when it is the planned one (rephrased
 * at most), and only once; and when the model never asked it, the planned
 * question ends the line. So a model that obeys the candidate's text still
 * cannot say it, and the plan decides what is asked.
 */
export function replyGuard(guard: ReplyGuard): SentenceFilter {
  const wanted = questionForm(guard.question).contentStems;
  const asksTheQuestion = (sentence: string) => {
    const said = contentStems(sentence);
    const covered = [...wanted].filter((s) => said.has(s)).length;
    return wanted.size === 0 || covered / wanted.size >= questionCoverage;
  };
  // The planned question may itself share words with an order ("…the next question…"): not an echo of it.
  // Asked only when a sentence that asks it echoes, against the orders known now.
  const known = guard.echo.fork();
  let questionEchoes: boolean | undefined;
  const echoesQuestion = () => {
    questionEchoes ??= known.echoes(guard.question);
    return questionEchoes;
  };
  let asked = false;
  const judge = (sentence: string) => {
    if (verdicts.test(sentence)) return false;
    if (!asking.test(sentence)) return !guard.echo.echoes(sentence);
    if (asked || !asksTheQuestion(sentence)) return false;
    return !guard.echo.echoes(sentence) || echoesQuestion();
  };
  // A reply's first sentence is judged twice, guessed early then confirmed (SpeculativeSentences):
  // the second time is the first's verdict, unless a question was kept or an order learnt in between.
  let last: { sentence: string; asked: boolean; orders: number; keep: boolean } | undefined;
  const wouldKeep = (sentence: string) => {
    const orders = guard.echo.size;
    if (last?.sentence === sentence && last.asked === asked && last.orders === orders) return last.keep;
    const keep = judge(sentence);
    last = { sentence, asked, orders, keep };
    return keep;
  };
  return {
    wouldKeep,
    keep(sentence) {
      if (!wouldKeep(sentence)) return false;
      // The planned question is asked once: a kept question closes it.
      if (asking.test(sentence)) asked = true;
      return true;
    },
    finish: () => (asked ? undefined : guard.question),
  };
}
