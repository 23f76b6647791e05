import { BoundedCache } from '../evaluation/bounded-cache.js';
import { matchKeywords, stemsOf } from '../evaluation/keyword-match.js';
import { asciiPatternSet } from '../evaluation/pattern-set.js';
import { pointsShown } from '../evaluation/points-shown.js';
import { splitSegments } from '../evaluation/sentences.js';
import { stem } from '../evaluation/stem.js';
import { stopWords, tokenize } from '../evaluation/words.js';
import { isNearDuplicate } from '../planning/text-similarity.js';
import { foldText, type InstructionEcho, normalizedWords } from './injection-echo.js';

/** Why a proposed follow-up was not asked (recorded in the report). */
export const followUpRejections = [
  'quote_not_in_answer',
  'quote_length',
  'quote_is_instruction',
  'not_one_question',
  'not_grounded',
  'off_topic',
  'reveals_answer',
  'judges',
  'echoes_instructions',
  'repeats_question',
] as const;
export type FollowUpRejection = (typeof followUpRejections)[number];

export interface FollowUpGuardContext {
  /** The question just answered. */
  question: {
    text: string;
    expectedKeywords: readonly string[];
    followUps: readonly string[];
    topics?: readonly string[] | undefined;
  };
  answer: string;
  /** stemsOf(answer), when the caller has them. */
  answerStems?: readonly string[] | undefined;
  /** Stems of the interview's subject (the plan's and the role's bank vocabulary). */
  domainStems: ReadonlySet<string>;
  /** Every question asked so far. */
  asked: readonly string[];
  /** The orders the candidate gave, this answer's included. */
  echo: InstructionEcho;
}

export type FollowUpVerdict =
  | {
      ok: true;
      question: string;
      /** The quote as the candidate said it (original casing). */
      quote: string;
    }
  | { ok: false; reason: FollowUpRejection };

/** Stems of the words that carry meaning. */
export function contentStems(text: string): Set<string> {
  return new Set(
    tokenize(foldText(text))
      .map((t) => t.word)
      .filter((w) => !stopWords.has(w) && w.length > 1)
      .map(stem),
  );
}

/** What the checks compare in a question of ours: its words, content stems and keyword stems. */
export interface QuestionForm {
  /** normalizedWords(text), and the same joined by spaces. */
  words: readonly string[];
  plain: string;
  /** contentStems(text), and of each word on its own. */
  contentStems: ReadonlySet<string>;
  wordStems: readonly ReadonlySet<string>[];
  /** stemsOf(text), what keywords are matched against. */
  stems: readonly string[];
}

// Our questions (asked, planned, the bank's follow-ups) come back turn after turn, each compared with
// every candidate follow-up: their forms are worked out once per text. Never used for an answer.
const questionForms = new BoundedCache<QuestionForm>(1024, 2000);

export function questionForm(text: string): QuestionForm {
  return questionForms.get(text, () => {
    const words = normalizedWords(text);
    return {
      words,
      plain: words.join(' '),
      contentStems: contentStems(text),
      wordStems: words.map((w) => contentStems(w)),
      stems: stemsOf(text),
    };
  });
}

// Words every subject uses ("people", "team", "time"): they do not tie a sentence to a topic.
const everyday = contentStems(
  'people person team time thing way lot kind day week year good great really also well new first last get got make made take know think see look want need like just say talk go went',
);

const intersects = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  [...a].some((x) => b.has(x) && !everyday.has(x));

/**
 * A question that asks again what was asked: near-identical, or whose own
 * words (those not taken from the candidate's quote) are nearly all in an
 * earlier question, so it adds nothing new.
 */
export function repeatsAsked(
  text: string,
  asked: readonly string[],
  quoted: ReadonlySet<string> = new Set(),
): boolean {
  const plain = normalizedWords(text).join(' ');
  const own = [...contentStems(text)].filter((s) => !quoted.has(s) && !everyday.has(s));
  return asked.some((a) => {
    const theirs = questionForm(a);
    if (isNearDuplicate(a, text) || theirs.plain === plain) return true;
    return own.length >= 2 && own.filter((s) => theirs.contentStems.has(s)).length / own.length >= 0.8;
  });
}

/** A verdict on the answer: right or wrong, or a score. Never said aloud, in any line. */
const verdictPatterns: readonly RegExp[] = [
  /\b(?:well done|good job|spot on|nicely (?:done|put)|exactly right|not quite|that'?s (?:great|excellent|good|perfect|right|correct|wrong|incorrect|impressive|not right)|you(?:'re| are) (?:right|wrong|correct|incorrect|mistaken))\b/iu,
  /\b(?:scor(?:e|es|ed|ing)|grad(?:e|es|ed|ing)|rating|marks?|\d+\s*(?:\/|out of)\s*\d+|points? (?:for|off))\b/iu,
];

// Praise or criticism: a follow-up asks, it does not comment on the answer.
const judging: readonly RegExp[] = [
  /^\W*(?:great|excellent|perfect|nice|awesome|fantastic|wonderful|amazing|impressive|brilliant|good|wow)\b/iu,
  /\b(?:great|excellent|good|nice|perfect|impressive|brilliant|awesome|fantastic|wonderful|amazing|solid|strong|weak|poor|bad|wrong|incorrect|correct|right)\s+(?:answer|point|job|work|response|example|explanation|start|thinking|reasoning)\b/iu,
  ...verdictPatterns,
];

const revealing =
  /\b(?:the (?:correct|right|expected|ideal|model|best) answer|should have (?:said|mentioned)|you (?:forgot|missed)|the answer is|a good answer (?:would|should))\b/iu;

// As sets: the same answers, without the cost of `\b` under `iu` on text that allows it.
const reveals = asciiPatternSet([revealing]);
const judges = asciiPatternSet(judging);
export const verdicts = asciiPatternSet(verdictPatterns);

/** Where the quote's words stand in the answer, or undefined when they are not there in a row. */
function locateQuote(
  answer: string,
  quoteWords: readonly string[],
): { text: string; sentence: string; first: boolean } | undefined {
  const base = foldText(answer);
  const tokens = tokenize(base);
  const words = tokens.map((t) => t.word);
  for (let i = 0; i + quoteWords.length <= words.length; i++) {
    if (!quoteWords.every((w, j) => words[i + j] === w)) continue;
    const start = tokens[i]!.start;
    const end = tokens[i + quoteWords.length - 1]!.end;
    const segments = splitSegments(base);
    const index = segments.findIndex((s) => s.start <= start && start < s.end);
    return { text: base.slice(start, end), sentence: segments[index]?.text ?? '', first: index === 0 };
  }
  return undefined;
}

/**
 * Checks an LLM-proposed follow-up before it is asked: its quote must be
 * words the candidate said in this answer (compared without casing and
 * punctuation) and not part of an order they gave; it must be one short
 * question, grounded in the quote and on the question's topic; and it must
 * not hint at the expected points the answer missed, judge the answer, repeat
 * the candidate's orders, or ask again what was already asked.
 */
export function checkFollowUp(
  proposal: { quote: string; question: string },
  context: FollowUpGuardContext,
): FollowUpVerdict {
  const question = proposal.question.replace(/\s+/gu, ' ').trim();
  const quoteWords = normalizedWords(proposal.quote);
  if (quoteWords.length < 2 || quoteWords.length > 25) return { ok: false, reason: 'quote_length' };
  const located = locateQuote(context.answer, quoteWords);
  if (!located) return { ok: false, reason: 'quote_not_in_answer' };
  if (context.echo.within(quoteWords) || context.echo.echoes(located.text)) {
    return { ok: false, reason: 'quote_is_instruction' };
  }

  const words = tokenize(question).length;
  const marks = question.match(/[?？]/gu)?.length ?? 0;
  if (
    marks !== 1 ||
    !/[?？]["'”’)]*$/u.test(question) ||
    splitSegments(question).length > 2 ||
    words < 4 ||
    words > 40
  ) {
    return { ok: false, reason: 'not_one_question' };
  }

  const quoteStems = contentStems(located.text);
  if (!intersects(contentStems(question), quoteStems)) return { ok: false, reason: 'not_grounded' };
  const q = context.question;
  const questionStems = questionForm(
    [q.text, ...q.expectedKeywords, ...q.followUps, ...(q.topics ?? [])].join(' \n '),
  ).contentStems;
  // The answer's first sentence is the direct reply to the question; a later one must share its subject.
  const subject = new Set([...questionStems, ...context.domainStems]);
  const onTopic =
    located.first || intersects(quoteStems, subject) || intersects(contentStems(located.sentence), subject);
  if (!onTopic) return { ok: false, reason: 'off_topic' };

  const said = new Set(pointsShown(context.answer, q.expectedKeywords, context.answerStems));
  const missed = q.expectedKeywords.filter((k) => !said.has(k));
  if (reveals.test(question) || matchKeywords(question, missed).length > 0) {
    return { ok: false, reason: 'reveals_answer' };
  }
  if (judges.test(question)) return { ok: false, reason: 'judges' };
  if (context.echo.echoes(question)) return { ok: false, reason: 'echoes_instructions' };
  if (repeatsAsked(question, context.asked, quoteStems)) return { ok: false, reason: 'repeats_question' };
  return { ok: true, question, quote: located.text };
}
