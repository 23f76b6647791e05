import { withFields } from '@bot-backend/interfaces';
import { BoundedCache } from './bounded-cache.js';
import {
  fakeVerdictPatterns,
  hiddenMarkupPatterns,
  instructionPatterns,
  rolePlayPatterns,
  verdictJsonKeys,
} from './non-answer-patterns.js';
import { PatternSet, type TextRange, textRange } from './pattern-set.js';
import { matchesOf } from './regexp-matches.js';
import { splitSegments } from './sentences.js';
import { rejoinSplitWords } from './split-words.js';
import { stem } from './stem.js';
import { foldLookAlikes, originalSpan } from './unicode-fold.js';
import { functionWords, stopWords, tokenize, type WordToken } from './words.js';

/** Kinds of text that are not an answer and earn nothing. */
export type NonAnswerKind = 'instruction' | 'role_play' | 'fake_verdict' | 'keyword_list' | 'repetition';

export interface NonAnswerFinding {
  kind: NonAnswerKind;
  start: number;
  end: number;
  /** The text that was set aside (personal data: log only under a pii key). */
  excerpt: string;
}

export interface NonAnswerAnalysis {
  findings: NonAnswerFinding[];
  /** The answer with every finding removed: what is graded. */
  cleanText: string;
}

export interface NonAnswerContext {
  /** Expected keywords and other topic words: a sentence made only of them is a list, not prose. */
  topicTerms?: readonly string[] | undefined;
}

const sentencePatterns: ReadonlyArray<{ kind: NonAnswerKind; patterns: PatternSet }> = [
  { kind: 'role_play', patterns: new PatternSet(rolePlayPatterns) },
  { kind: 'fake_verdict', patterns: new PatternSet(fakeVerdictPatterns) },
  { kind: 'instruction', patterns: new PatternSet(instructionPatterns) },
];
// Most sentences are none of these: one question to all three lists first.
const anySentencePattern = new PatternSet([
  ...rolePlayPatterns,
  ...fakeVerdictPatterns,
  ...instructionPatterns,
]);

const listPrefix = /^\W*(?:keywords?|key words|key terms|terms|topics|concepts|tags)\s*[:：-]/iu;
const listGlue = new Set(['and', 'or', 'also', 'etc']);

interface Mark {
  kind: NonAnswerKind;
  start: number;
  end: number;
}

/** JSON-like objects that carry a verdict ({"score": 10, …}); found before sentences are split. */
const verdictLabel =
  /(?<=^|[.!?\n]\s*)[^.!?\n:]{0,40}\b(?:answer|response|evaluation|verdict|score|grade|result|assistant|system|grader|output|json)\b[^.!?\n:]{0,20}:\s*$/iu;

const jsonObject = /\{[^{}]{0,800}\}/gu;

function markVerdictObjects(text: string): Mark[] {
  const marks: Mark[] = [];
  if (!text.includes('{')) return marks;
  for (const match of matchesOf(jsonObject, text)) {
    if (verdictJsonKeys.test(match[0])) {
      const at = match.index ?? 0;
      // A label that introduces the verdict ("Answer evaluation:", "Assistant:") belongs to it.
      const label = verdictLabel.exec(text.slice(Math.max(0, at - 60), at));
      const start = label ? at - label[0].length : at;
      marks.push({ kind: 'fake_verdict', start, end: at + match[0].length });
    }
  }
  return marks;
}

/** Hidden markup (comments, chat-template tags, grader parentheticals): never part of a spoken answer. */
function markHiddenMarkup(text: string): Mark[] {
  const marks: Mark[] = [];
  for (const { kind, pattern, opens } of hiddenMarkupPatterns) {
    if (!text.includes(opens)) continue;
    for (const match of matchesOf(pattern, text)) {
      const start = match.index ?? 0;
      marks.push({ kind, start, end: start + match[0].length });
    }
  }
  return marks;
}

// "My colleague said: "<system>…</system>"": the attribution and the quote marks go with what they quote.
const attributionBefore =
  /(?:\b(?:my|our|a)\s+[\p{L}-]+\s+(?:said|says|told me|wrote|writes|insists)|\bas\s+(?:my|our)\s+[\p{L}-]+\s+(?:always\s+)?(?:says|said|puts it))\s*[:,]?\s*["“'‘]?\s*$/iu;
const leadIn = /(?:\bp\.?\s?s\.?|\bn\.?\s?b\.?|\bnote|\bbtw)\s*[:.,-]?\s*$/iu;
const quoteAfter = /^\s*["”'’]/u;

function withQuotes(text: string, mark: Mark): Mark {
  const lead = attributionBefore.exec(text.slice(Math.max(0, mark.start - 60), mark.start));
  const tail = quoteAfter.exec(text.slice(mark.end, mark.end + 3));
  return {
    ...mark,
    start: lead ? mark.start - lead[0].length : mark.start,
    end: tail ? mark.end + tail[0].length : mark.end,
  };
}

function blank(text: string, marks: readonly Mark[]): string {
  let out = text;
  for (const mark of marks)
    out = out.slice(0, mark.start) + ' '.repeat(mark.end - mark.start) + out.slice(mark.end);
  return out;
}

function isKeywordList(
  segment: string,
  tokens: readonly WordToken[],
  topicStems: ReadonlySet<string>,
): boolean {
  if (tokens.length < 2) return false;
  if (listPrefix.test(segment)) return true;
  if (tokens.some((t) => functionWords.has(t.word))) return false;
  const content = tokens.filter((t) => !listGlue.has(t.word));
  const items = segment.split(/[,;|/•·]+/u).filter((item) => tokenize(item).length > 0);
  if (items.length >= 3 && items.every((item) => tokenize(item).length <= 3)) return true;
  // Nothing but topic words: "memory context switch memory threads".
  return content.length >= 3 && content.every((t) => topicStems.has(stem(t.word)));
}

/**
 * Runs of the same few words said three times or more in a row ("memory
 * memory memory", "context switch context switch context switch"): all copies
 * go, since a phrase stuttered for the grader is not part of the answer.
 * Longer passages repeated (a sentence said twice) lose only the copies,
 * unless they are made of topic words alone.
 */
function markInlineRepetition(
  tokens: readonly WordToken[],
  from: number,
  topicStems: ReadonlySet<string>,
): Mark[] {
  const marks: Mark[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: { size: number; copies: number } | undefined;
    for (let size = 1; size <= 12 && i + 2 * size <= tokens.length; size++) {
      let copies = 1;
      while (i + (copies + 1) * size <= tokens.length && repeats(tokens, i, i + copies * size, size)) {
        copies++;
      }
      const enough = size <= 4 ? copies >= 3 : copies >= 2;
      if (enough && (!best || size * copies > best.size * best.copies)) best = { size, copies };
    }
    if (best) {
      // A repeated run of nothing but topic words is stuffing: the first copy goes too.
      const unit = tokens.slice(i, i + best.size);
      const stuffing = unit.every((t) => topicStems.has(stem(t.word)) || listGlue.has(t.word));
      const firstKept = best.size > 4 && !stuffing ? best.size : 0;
      const startToken = tokens[i + firstKept];
      const endToken = tokens[i + best.size * best.copies - 1];
      if (startToken && endToken) {
        marks.push({ kind: 'repetition', start: from + startToken.start, end: from + endToken.end });
      }
      i += best.size * best.copies;
    } else {
      i++;
    }
  }
  return marks;
}

/**
 * Keyword stuffing inside a sentence: five or more topic words in a row with
 * one of them repeated ("memory memory context switch isolation"). Prose
 * names a keyword and moves on; it does not pile them up.
 */
function markKeywordRuns(
  tokens: readonly WordToken[],
  from: number,
  topicStems: ReadonlySet<string>,
): Mark[] {
  const marks: Mark[] = [];
  let runStart = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    // Without topic words (the echo checks of our own lines), no word is one: nothing to stem.
    const inRun =
      token !== undefined &&
      ((topicStems.size > 0 && topicStems.has(stem(token.word))) || listGlue.has(token.word));
    if (inRun) continue;
    // Shorter runs are prose.
    if (i - runStart < 5) {
      runStart = i + 1;
      continue;
    }
    const run = tokens.slice(runStart, i);
    const stems = run.map((t) => (listGlue.has(t.word) ? '' : stem(t.word)));
    // Only the stretch that repeats itself: a topic word just before or after
    // it may belong to a real sentence ("… isolation. CAP means …").
    const first = run[stems.findIndex((s, k) => s !== '' && stems.indexOf(s, k + 1) !== -1)];
    const lastIndex = stems.findLastIndex((s, k) => s !== '' && stems.lastIndexOf(s, k - 1) !== -1 && k > 0);
    const last = run[lastIndex];
    // The repeating stretch itself has three words or more: "reads read" in an unpunctuated transcript is prose.
    const span = stems.findIndex((s, k) => s !== '' && stems.indexOf(s, k + 1) !== -1);
    if (first && last && last.end > first.start && lastIndex - span >= 2) {
      marks.push({ kind: 'keyword_list', start: from + first.start, end: from + last.end });
    }
    runStart = i + 1;
  }
  return marks;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Whether the `size` tokens at `at` say the same words as those at `from`. */
function repeats(tokens: readonly WordToken[], from: number, at: number, size: number): boolean {
  for (let j = 0; j < size; j++) if (tokens[at + j]?.word !== tokens[from + j]?.word) return false;
  return true;
}

const wordsOf = (tokens: readonly WordToken[]) => tokens.map((t) => t.word).join(' ');

/**
 * The sentences seen so far, to tell one said again word for word. Sentences
 * are grouped by word count and first word; a sentence's words are joined
 * for comparison only once another of its group comes, which most never do.
 */
class SeenSentences {
  private readonly groups = new Map<string, { first: readonly WordToken[]; joined?: Set<string> }>();

  /** Whether an earlier sentence had these words; remembers them. */
  repeats(tokens: readonly WordToken[]): boolean {
    const shape = `${tokens.length} ${tokens[0]?.word}`;
    const group = this.groups.get(shape);
    if (!group) {
      this.groups.set(shape, { first: tokens });
      return false;
    }
    group.joined ??= new Set([wordsOf(group.first)]);
    const words = wordsOf(tokens);
    if (group.joined.has(words)) return true;
    group.joined.add(words);
    return false;
  }
}

// A question's topic words: the same few questions come back request after request.
const topicStemsCache = new BoundedCache<ReadonlySet<string>>(512);

function topicStemsOf(terms: string): ReadonlySet<string> {
  return new Set(
    tokenize(terms)
      .filter((t) => !stopWords.has(t.word))
      .map((t) => stem(t.word)),
  );
}

/** The first kind whose patterns match the sentence, as written or with look-alikes and leetspeak read plain. */
function sentenceKind(
  text: string,
  range: TextRange,
  also: string | undefined,
  alsoRange: TextRange | undefined,
): NonAnswerKind | undefined {
  const inText = anySentencePattern.test(text, range);
  const inAlso = also !== undefined && anySentencePattern.test(also, alsoRange);
  if (!inText && !inAlso) return undefined;
  for (const { kind, patterns } of sentencePatterns) {
    if ((inText && patterns.test(text, range)) || (inAlso && patterns.test(also, alsoRange))) return kind;
  }
  return undefined;
}

/**
 * Finds the parts of an answer that are not an answer: instructions to the
 * grader (in several languages), role-play and prompt-format tricks, fake
 * verdicts, bare keyword lists and repeated text. Whole sentences are set
 * aside, plus short fragments next to them, so the rest reads as the
 * candidate's own answer.
 */
export function detectNonAnswer(text: string, context: NonAnswerContext = {}): NonAnswerAnalysis {
  // Nothing but white space: no markup, no sentence, nothing to set aside.
  if (text.trim().length === 0) return { findings: [], cleanText: '' };
  // Words never span a line break, so the joined terms say the same words as the terms one by one.
  const topicStems = topicStemsCache.get((context.topicTerms ?? []).join('\n'), topicStemsOf);
  // Look-alike letters, invisible characters and full-width forms are folded first; every span
  // found in the folded text maps back to the original for the excerpt and the clean text.
  const folded = foldLookAlikes(text);
  const view = folded.text;
  const marks: Mark[] = [...markVerdictObjects(view), ...markHiddenMarkup(view)].map((m) =>
    withQuotes(view, m),
  );
  // Blank out the objects so their inner punctuation does not split sentences.
  const masked = blank(view, marks);
  const maskedPlain = blank(folded.plain, marks);

  const segments = splitSegments(masked);
  // Each segment's words, read once for every check below.
  const segmentTokens = segments.map((segment) => tokenize(segment.text));
  const plainDiffers = maskedPlain !== masked;
  const ranges = { text: textRange(masked), plain: plainDiffers ? textRange(maskedPlain) : undefined };
  const seen = new SeenSentences();
  const segmentKinds: Array<NonAnswerKind | undefined> = segments.map((segment, index) => {
    const plain = plainDiffers ? maskedPlain.slice(segment.start, segment.end).trim() : segment.text;
    const also = plain !== segment.text ? plain : undefined;
    const kind = sentenceKind(segment.text, ranges.text, also, ranges.plain);
    if (kind !== undefined) return kind;
    const tokens = segmentTokens[index] ?? [];
    // Grader words broken by spaces ("igno re the rub ric", "i g n o r e"), read joined.
    const rejoined = rejoinSplitWords(segment.text, tokens);
    const rejoinedKind = rejoined && sentenceKind(rejoined, textRange(rejoined), undefined, undefined);
    if (rejoinedKind) return rejoinedKind;
    if (isKeywordList(segment.text, tokens, topicStems)) return 'keyword_list';
    if (tokens.length >= 3 && seen.repeats(tokens)) return 'repetition';
    return undefined;
  });

  // Short fragments ("P.S.", "```json", "OK.") touching a finding belong to it.
  let changed = true;
  while (changed) {
    changed = false;
    segments.forEach((segment, index) => {
      if (segmentKinds[index] !== undefined || (segmentTokens[index]?.length ?? 0) > 2) return;
      const neighbour = [segmentKinds[index - 1], segmentKinds[index + 1]].find((k) => k !== undefined);
      const touchesObject = marks.some(
        (m) =>
          (m.end <= segment.start && /^\s*$/u.test(masked.slice(m.end, segment.start))) ||
          (segment.end <= m.start && /^\s*$/u.test(masked.slice(segment.end, m.start))),
      );
      if (neighbour !== undefined || touchesObject) {
        segmentKinds[index] = neighbour ?? 'fake_verdict';
        changed = true;
      }
    });
  }

  segments.forEach((segment, index) => {
    const kind = segmentKinds[index];
    if (kind !== undefined) marks.push({ kind, start: segment.start, end: segment.end });
    else {
      // The words of the folded text itself: the segment's own, unless a blanked object lies inside it.
      const inView = view.slice(segment.start, segment.end);
      const tokens = inView === segment.text ? (segmentTokens[index] ?? []) : tokenize(inView);
      marks.push(...markInlineRepetition(tokens, segment.start, topicStems));
      marks.push(...markKeywordRuns(tokens, segment.start, topicStems));
    }
  });

  marks.sort((a, b) => a.start - b.start);
  const merged: Mark[] = [];
  for (const mark of marks) {
    const last = merged[merged.length - 1];
    const touching = last && last.kind === mark.kind && /^\s*$/u.test(view.slice(last.end, mark.start));
    if (last && (overlaps(last, mark) || touching)) last.end = Math.max(last.end, mark.end);
    else merged.push({ ...mark });
  }
  for (const mark of merged) {
    // A "P.S." or "Note:" that introduces the finding goes with it, even at the end of a real sentence.
    const lead = leadIn.exec(view.slice(Math.max(0, mark.start - 12), mark.start));
    if (lead) mark.start -= lead[0].length;
    Object.assign(mark, withQuotes(view, mark));
    Object.assign(mark, originalSpan(folded, mark.start, mark.end));
  }

  let clean = '';
  let cursor = 0;
  for (const mark of merged) {
    clean += `${text.slice(cursor, mark.start)} `;
    cursor = mark.end;
  }
  clean += text.slice(cursor);

  return {
    findings: merged.map((m) => withFields(m, { excerpt: text.slice(m.start, m.end) })),
    cleanText: tidySpaces(clean),
  };
}

// Each rewrite changes the text only where it has a tab, two spaces in a row or a line break.
const spaceRun = /[ \t]+/gu;
const lineBreak = / *\n[ \n]*/gu;

/** Runs of spaces and tabs as one space, blank lines and spaces around a break as one break, trimmed. */
function tidySpaces(text: string): string {
  let tidy = text;
  if (tidy.includes('\t') || tidy.includes('  ')) tidy = tidy.replace(spaceRun, ' ');
  if (tidy.includes('\n')) tidy = tidy.replace(lineBreak, '\n');
  return tidy.trim();
}

const kindDescriptions: Record<NonAnswerKind, string> = {
  instruction: 'instructions addressed to the grader',
  role_play: 'role-play or prompt markup',
  fake_verdict: 'a self-awarded score',
  keyword_list: 'a bare list of keywords',
  repetition: 'repeated text',
};

/** One sentence for the feedback: what was set aside and why. */
export function describeFindings(findings: readonly NonAnswerFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const kinds = [...new Set(findings.map((f) => f.kind))].map((k) => kindDescriptions[k]);
  const list =
    kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
  return `Ignored ${list}, which earn nothing.`;
}
