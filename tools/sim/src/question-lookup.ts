import { defaultQuestionBank, type PhaseName, type QuestionBank } from '@bot-backend/interview';

/** What a candidate understood was asked: the bank question behind the interviewer's line. */
export interface AskedQuestion {
  questionId: string;
  phase: PhaseName;
  /** The follow-up's index when the line asked a follow-up. */
  followUpIndex: number | undefined;
  text: string;
  expectedKeywords: readonly string[];
}

interface Entry {
  question: AskedQuestion;
  words: Set<string>;
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/\{role\}/g, ' ')
    .split(/[^a-z0-9']+/)
    .filter((w) => w.length > 2);

/**
 * Finds the question in an interviewer's line (an acknowledgement and a
 * transition may come first): the bank question or follow-up whose words the
 * line contains most completely. Works from what was said, so it serves the
 * socket and the engine alike.
 */
export class QuestionLookup {
  private readonly entries: Entry[] = [];

  constructor(bank: QuestionBank = defaultQuestionBank()) {
    for (const q of bank.questions) {
      const base = { questionId: q.id, phase: q.phase, expectedKeywords: q.expectedKeywords };
      this.entries.push({
        question: { ...base, followUpIndex: undefined, text: q.text },
        words: new Set(words(q.text)),
      });
      q.followUps.forEach((text, index) => {
        this.entries.push({ question: { ...base, followUpIndex: index, text }, words: new Set(words(text)) });
      });
    }
  }

  find(line: string): AskedQuestion | undefined {
    const said = new Set(words(line));
    let best: { entry: Entry; score: number } | undefined;
    for (const entry of this.entries) {
      if (entry.words.size === 0) continue;
      let hits = 0;
      for (const w of entry.words) if (said.has(w)) hits += 1;
      // Containment, with longer matches preferred among full ones.
      const score = hits / entry.words.size + hits / 1000;
      if (!best || score > best.score) best = { entry, score };
    }
    return best && best.score >= 0.75 ? best.entry.question : undefined;
  }
}

/**
 * What each interviewer line asked, line after line. A follow-up (the engine tags its line) is
 * answered within its main question's budget and phase; the LLM's own wording may read like some
 * other bank question, so a follow-up is never looked up by its words.
 */
export class AskedQuestions {
  private main: AskedQuestion | undefined;

  constructor(private readonly lookup: QuestionLookup = new QuestionLookup()) {}

  lineAsked(text: string, followUp: boolean): AskedQuestion | undefined {
    if (followUp && this.main) return { ...this.main, followUpIndex: 0, text };
    const found = this.lookup.find(text);
    if (found && found.followUpIndex === undefined) this.main = found;
    return found;
  }
}
