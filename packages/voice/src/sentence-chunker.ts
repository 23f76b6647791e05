export interface SentenceChunkerOptions {
  /** A sentence shorter than this waits to be joined with the next (TTS prosody). Default 12. */
  minChars?: number;
  /** A run-on longer than this is cut at its last clause boundary (comma, semicolon, dash). Default 220. */
  maxChars?: number;
}

// Words whose trailing period does not end a sentence. Left out on purpose:
// words that often end one in an interview (ms, no, max, min).
const abbreviations = new Set(
  [
    'mr',
    'mrs',
    'dr',
    'prof',
    'sr',
    'jr',
    'st',
    'vs',
    'etc',
    'e.g',
    'i.e',
    'eg',
    'ie',
    'cf',
    'approx',
    'fig',
    'inc',
    'ltd',
    'corp',
    'u.s',
    'u.k',
    'a.m',
    'p.m',
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'dept',
    'univ',
  ].map((a) => a.toLowerCase()),
);

// A stop, perhaps with closing quotes or brackets, then only white space: a cut waits for the next character.
const endsWithStop = /[.!?…]["'”’)\]]*\s*$/u;

/** Where the next scan of the buffer starts, and what was open there. */
interface ScanPoint {
  at: number;
  inInline: boolean;
  inFence: boolean;
  clause: number | undefined;
}

const bufferStart: ScanPoint = { at: 0, inInline: false, inFence: false, clause: undefined };

/**
 * Cuts a stream of LLM text deltas into sentences for TTS as soon as each
 * sentence is complete, so the first audio does not wait for the whole reply.
 * Never cuts inside a number (3.14, 1,000), an abbreviation (e.g., Dr.), a
 * dotted name (Node.js, os.path) or code (`inline` and ``` fenced ```).
 */
export class SentenceChunker {
  private buffer = '';
  /**
   * A decision at index i reads at most up to i + 2 (or waits for more), so a
   * scan that found no cut resumes where that stops holding: each delta costs
   * its own length, not the sentence's so far.
   */
  private resume: ScanPoint = bufferStart;
  private readonly minChars: number;
  private readonly maxChars: number;

  constructor(options: SentenceChunkerOptions = {}) {
    this.minChars = options.minChars ?? 12;
    this.maxChars = options.maxChars ?? 220;
  }

  /** Add a delta; returns the sentences it completed. */
  push(delta: string): string[] {
    this.buffer += delta;
    const out: string[] = [];
    for (;;) {
      const cut = this.findCut();
      if (cut === undefined) break;
      const sentence = this.buffer.slice(0, cut).trim();
      this.buffer = this.buffer.slice(cut);
      // A cut is never inside code: the rest starts fresh.
      this.resume = bufferStart;
      if (sentence) out.push(sentence);
    }
    return out;
  }

  /**
   * The sentence the next delta would complete if it starts a new one (" X…"), when only that is
   * awaited: the text so far ends with a sentence's stop, and whether the stop ends it (a number, a
   * dotted name, a lower-case continuation) is decided by what comes next. Nothing changes here; a
   * streamed turn may start synthesizing it and play it once `push` or `flush` gives it.
   */
  tentative(): string | undefined {
    if (!endsWithStop.test(this.buffer)) return undefined;
    const sentence = this.buffer.trim();
    const probe = new SentenceChunker({ minChars: this.minChars, maxChars: this.maxChars });
    return probe.push(`${this.buffer} X`)[0] === sentence ? sentence : undefined;
  }

  /** The reply ended: whatever is left is the last sentence. */
  flush(): string[] {
    const rest = this.buffer.trim();
    this.buffer = '';
    this.resume = bufferStart;
    return rest ? [rest] : [];
  }

  private findCut(): number | undefined {
    const text = this.buffer;
    let { inInline, inFence, clause } = this.resume;
    // Decisions from here on may read past the buffer's end: the next scan starts again here.
    const unsettled = text.length - 2;
    let saved = false;
    const wait = (at: number): undefined => {
      if (!saved) this.resume = { at, inInline, inFence, clause };
      saved = true;
      return undefined;
    };
    let i = this.resume.at;
    for (; i < text.length; i++) {
      if (i >= unsettled) wait(i);
      const ch = text[i]!;
      if (ch === '`' && text.startsWith('```', i)) {
        inFence = !inFence;
        i += 2;
        continue;
      }
      if (inFence) continue;
      if (ch === '`') {
        inInline = !inInline;
        continue;
      }
      if (inInline) continue;
      if (ch === '\n' && text[i + 1] === '\n' && i >= this.minChars) return i + 2;
      if ((ch === ',' || ch === ';' || ch === '—') && /\s/.test(text[i + 1] ?? '')) clause = i + 1;
      if (ch === '.' || ch === '!' || ch === '?' || ch === '…') {
        // Swallow runs like "?!" or "..." and closing quotes/brackets.
        let end = i + 1;
        while (end < text.length && /[.!?…"'”’)\]]/.test(text[end]!)) end++;
        const next = text[end];
        if (next === undefined) return wait(i); // the next delta decides
        if (!/\s/.test(next)) {
          i = end - 1;
          continue; // 3.14, Node.js, os.path, "e.g.x"
        }
        if (ch === '.' && this.isAbbreviation(i)) continue;
        if (i + 1 < this.minChars) continue;
        // A sentence is complete once the next non-space character is known.
        const after = text.slice(end).search(/\S/);
        if (after < 0) return wait(i);
        const nextChar = text[end + after]!;
        if (ch === '.' && /[a-z]/.test(nextChar)) continue; // "approx. five", lower-case continuation
        return end;
      }
    }
    if (
      text.length > this.maxChars &&
      !inFence &&
      !inInline &&
      clause !== undefined &&
      clause >= this.minChars
    ) {
      return clause;
    }
    return wait(i);
  }

  private isAbbreviation(dot: number): boolean {
    const before = this.buffer.slice(0, dot);
    const word = /([A-Za-z.]+)$/.exec(before)?.[1]?.toLowerCase();
    if (!word) return false;
    if (abbreviations.has(word)) return true;
    // Single capital initials: "J. R. R. Tolkien".
    return /^[a-z]$/.test(word) && /[A-Z]$/.test(before);
  }
}
