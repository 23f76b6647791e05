import { detectNonAnswer } from '../evaluation/non-answer-detection.js';
import { asciiPatternSet, textRange } from '../evaluation/pattern-set.js';
import { splitSegments } from '../evaluation/sentences.js';
import { foldCharacters } from '../evaluation/unicode-fold.js';
import { functionWords, isAscii, tokenize } from '../evaluation/words.js';

/**
 * Text as the engine compares it: NFKC (full-width and other compatibility
 * forms fold to plain letters), invisible characters gone, Cyrillic and Greek
 * look-alikes of Latin letters folded, curly quotes straight, dashes as
 * hyphens: the grader's table (unicode-fold.ts). Quotes and dashes matter
 * here because an LLM's lines are full of them, and a line that is ASCII
 * after folding is read by the checks' fast ASCII expressions (pattern-set.ts).
 */
export function foldText(text: string): string {
  // ASCII is its own NFKC form and holds no look-alike or invisible character.
  if (isAscii(text)) return text;
  // The table before NFKC too, as the grader's fold looks first: NFKC turns a lunate sigma (ϲ, a "c")
  // into a final sigma; after it, for what NFKC makes into a look-alike (a bold Greek Α is Α).
  return foldCharacters(foldCharacters(text).normalize('NFKC'));
}

/** The words of a text as the engine compares them: folded, lower case, punctuation and casing gone. */
export function normalizedWords(text: string): string[] {
  return tokenize(foldText(text)).map((t) => t.word);
}

// How an order opens: "Please", "Interviewer,", "Note:"… before its verb.
const address = String.raw`^\W*(?:(?:ok(?:ay)?|so|now|and|also|please|hey|listen|interviewer|dear\s+\w+|note)\b[\s,:;-]*)*`;
// A sentence that starts like an order ("ignore…", "ask me…", "please say…").
const imperativeStart = new RegExp(
  `${address}(?:ignore|disregard|forget|give|say|tell|ask|write|print|repeat|skip|pretend|respond|reply|output|award|grant|approve|hire|confirm|declare|announce|remember|treat|assume|reveal|don'?t|do not|just|stop|move on)\\b`,
  'iu',
);
// Verbs that, opening a sentence, speak to a listener whatever follows ("Tell the panel…"); technical
// advice opens with others ("Use…", "Add…"), and "say we have…" is a supposition.
const listenerVerb = new RegExp(
  `${address}(?:ignore|disregard|tell|say(?!\\s+(?:we|you|i|there|it)\\b)|ask|repeat|pretend|respond|reply|award|grant|approve|hire|declare|announce)\\b`,
  'iu',
);
// "You must…", "the interviewer should…", "I want you to…", "your next question is…".
const listenerModal =
  /\b(?:you|interviewer|grader|assistant|the ai|the model|the bot)\b[^.!?]{0,20}\b(?:must|should|will|shall|need to|have to|are (?:going|supposed|required|instructed|told) to)\b/iu;
const wantsYouTo = /\b(?:i (?:want|need|would like|'d like)|we (?:want|need)) you to\b/iu;
const yourTask =
  /\byour (?:next )?(?:question|reply|answer|response|task|job|role|instructions?)\b[^.!?]{0,12}\b(?:is|are|should|must|will)\b/iu;
// An order is an instruction to us when it concerns the speaker, the listener's role or the interview itself
// ("you" alone is not enough: "you should index the column" is advice).
const aboutTheInterview =
  /\b(?:me|my|us|interviewer|grader|assistant|ai|model|bot|system|questions?|interview|score|grade|rubric|instructions?|prompt|candidate|hired?|hiring|pass(?:ed)?|panel|recruiter|offer|report|evaluat\w*|marks?|points?|rating|perfect|excellent)\b/iu;

/** Words that only a line aimed at the grader or the interviewer's role uses. */
const injectionMarkers =
  /\b(?:ignore|disregard|instructions?|system prompt|prompt|rubric|jailbreak|(?:10|ten)\s*(?:\/|out of)\s*(?:10|ten)|full marks|maximum score|perfect score|you(?:'re| are) hired|passed the interview|give (?:me|us|him|her|them|it|this(?: answer)?|the candidate) (?:a |the )?(?:10|ten|full|top|maximum|perfect|highest))\b/iu;

// As sets, each answers as its patterns do, without the cost of `\b` under `iu` on text that allows it.
const ordering = asciiPatternSet([imperativeStart, listenerModal, wantsYouTo, yourTask]);
const speaksToListener = asciiPatternSet([listenerVerb]);
const concernsInterview = asciiPatternSet([aboutTheInterview]);
const markers = asciiPatternSet([injectionMarkers]);

const findingKinds = new Set(['instruction', 'role_play', 'fake_verdict']);

/**
 * The sentences of a candidate's answer that give orders to the interviewer
 * or the grader: what the non-answer detector sets aside (grader
 * instructions, role-play, self-awarded verdicts), and imperative or
 * "you must" sentences about the interview, the listener or the candidate.
 */
export function instructionSentences(text: string): string[] {
  const answer = foldText(text);
  const found = detectNonAnswer(answer)
    .findings.filter((f) => findingKinds.has(f.kind))
    .map((f) => f.excerpt);
  // Each sentence is part of the answer: the answer's range serves them all.
  const range = textRange(answer);
  for (const segment of splitSegments(answer)) {
    const text = segment.text;
    if (
      speaksToListener.test(text, range) ||
      (ordering.test(text, range) && concernsInterview.test(text, range))
    )
      found.push(text);
  }
  return found;
}

/** Three words in a row, at least two of them not mere grammar ("give me 10", not "and so on"). */
function phrases(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) {
    const gram = words.slice(i, i + 3);
    if (gram.filter((w) => !functionWords.has(w)).length >= 2) out.add(gram.join(' '));
  }
  return out;
}

interface Instruction {
  readonly words: readonly string[];
  readonly phrases: ReadonlySet<string>;
}

/** How many answers' orders a memory and its forks keep read. */
const READ_ANSWERS = 4;

/**
 * What the candidate told the interviewer to do, over the whole interview,
 * and whether a line of ours repeats any of it.
 */
export class InstructionEcho {
  private readonly instructions: Instruction[] = [];

  /**
   * The orders of the answers read lately, shared by a memory and its forks: an answer is
   * added to the copy its reply is drafted from, and again once it stands (and again when
   * the reply drafted at a pause is used), so it is read once.
   */
  constructor(private readonly read: Map<string, readonly Instruction[]> = new Map()) {}

  /** A copy that remembers what this one does, and learns on its own from now on. */
  fork(): InstructionEcho {
    const copy = new InstructionEcho(this.read);
    copy.instructions.push(...this.instructions);
    return copy;
  }

  /** Remembers the orders in one answer. */
  add(answer: string): void {
    let orders = this.read.get(answer);
    if (!orders) {
      orders = instructionSentences(answer).map((sentence) => {
        const words = normalizedWords(sentence);
        return { words, phrases: phrases(words) };
      });
      if (this.read.size >= READ_ANSWERS) this.read.delete(this.read.keys().next().value as string);
      this.read.set(answer, orders);
    }
    this.instructions.push(...orders);
  }

  get size(): number {
    return this.instructions.length;
  }

  /** The text is an instruction itself, carries an injection marker, or repeats a phrase of an order given. */
  echoes(line: string): boolean {
    const text = foldText(line);
    if (markers.test(text)) return true;
    if (detectNonAnswer(text).findings.some((f) => findingKinds.has(f.kind))) return true;
    const own = phrases(normalizedWords(text));
    return this.instructions.some((i) => [...i.phrases].some((p) => own.has(p)));
  }

  /** Some word run of `words` (two or more words long) lies inside an order the candidate gave. */
  within(words: readonly string[]): boolean {
    const needle = ` ${words.join(' ')} `;
    return this.instructions.some((i) => ` ${i.words.join(' ')} `.includes(needle));
  }
}
