import { z } from 'zod';

/** One final piece of speech, on the meeting clock (ms since the meeting journal was opened). */
export const transcriptSegmentRecordSchema = z.object({
  /** Stable within a meeting: `speaker#n`. */
  id: z.string(),
  /** The participant's identity (stable across reconnects). */
  speaker: z.string(),
  /** Display name when the participant had one. */
  speakerName: z.string().optional(),
  text: z.string(),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  confidence: z.number().optional(),
});
export type TranscriptSegmentRecord = z.infer<typeof transcriptSegmentRecordSchema>;

export interface FinalSpeech {
  speaker: string;
  speakerName?: string | undefined;
  text: string;
  startMs: number;
  endMs: number;
  confidence?: number | undefined;
}

export interface PartialSpeech {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

export interface TranscriptAggregatorOptions {
  /** Two finals of one speaker with the same words this close in time are one segment. Default 2 000 ms. */
  duplicateWindowMs?: number;
}

/** Lower case, punctuation and extra spaces gone: how two renderings of one final compare. */
export function normalizeForComparison(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The meeting's transcript, keyed by speaker identity. Finals from any number
 * of speakers arrive interleaved (overlapping speech, late joiners); a
 * speaker's new track after a reconnect continues the same speaker's list.
 * A final that repeats one already kept (same speaker, same words, overlapping
 * or within `duplicateWindowMs`) is dropped, so a vendor replay after a
 * reconnect or a recovered journal never doubles a line.
 */
export class TranscriptAggregator {
  private readonly bySpeaker = new Map<string, TranscriptSegmentRecord[]>();
  private readonly partials = new Map<string, PartialSpeech>();
  private readonly names = new Map<string, string>();
  private readonly duplicateWindowMs: number;
  private count = 0;

  constructor(options: TranscriptAggregatorOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? 2_000;
  }

  /** Rebuilds from journalled segments (ids kept, duplicates dropped). */
  static from(
    records: readonly TranscriptSegmentRecord[],
    options?: TranscriptAggregatorOptions,
  ): TranscriptAggregator {
    const aggregator = new TranscriptAggregator(options);
    for (const record of records) aggregator.keep(record);
    return aggregator;
  }

  /** Adds a final; returns the kept segment, or undefined for an empty text or a duplicate. */
  addFinal(speech: FinalSpeech): TranscriptSegmentRecord | undefined {
    const text = speech.text.trim();
    if (text === '') return undefined;
    const list = this.bySpeaker.get(speech.speaker) ?? [];
    const record: TranscriptSegmentRecord = {
      id: `${speech.speaker}#${list.length + 1}`,
      speaker: speech.speaker,
      ...(speech.speakerName ? { speakerName: speech.speakerName } : {}),
      text,
      startMs: Math.max(0, Math.round(speech.startMs)),
      endMs: Math.max(0, Math.round(Math.max(speech.endMs, speech.startMs))),
      ...(speech.confidence === undefined ? {} : { confidence: speech.confidence }),
    };
    return this.keep(record);
  }

  private keep(record: TranscriptSegmentRecord): TranscriptSegmentRecord | undefined {
    const list = this.bySpeaker.get(record.speaker) ?? [];
    if (this.isDuplicate(list, record)) return undefined;
    list.push(record);
    this.bySpeaker.set(record.speaker, list);
    if (record.speakerName) this.names.set(record.speaker, record.speakerName);
    // The partial this final settles is no longer pending.
    const partial = this.partials.get(record.speaker);
    if (partial && partial.startMs <= record.endMs) this.partials.delete(record.speaker);
    this.count += 1;
    return record;
  }

  private isDuplicate(list: readonly TranscriptSegmentRecord[], record: TranscriptSegmentRecord): boolean {
    const words = normalizeForComparison(record.text);
    return list.some(
      (kept) =>
        normalizeForComparison(kept.text) === words &&
        record.startMs <= kept.endMs + this.duplicateWindowMs &&
        kept.startMs <= record.endMs + this.duplicateWindowMs,
    );
  }

  /** The latest interim text of a speaker (not persisted; replaced by the next one or a final). */
  setPartial(speech: PartialSpeech): void {
    if (speech.text.trim() === '') this.partials.delete(speech.speaker);
    else this.partials.set(speech.speaker, speech);
  }

  partial(speaker: string): PartialSpeech | undefined {
    return this.partials.get(speaker);
  }

  /** Every kept segment in meeting order (start, then end, then speaker). */
  segments(): TranscriptSegmentRecord[] {
    return [...this.bySpeaker.values()]
      .flat()
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.speaker.localeCompare(b.speaker));
  }

  /** One speaker's segments in their own order. */
  segmentsOf(speaker: string): readonly TranscriptSegmentRecord[] {
    return this.bySpeaker.get(speaker) ?? [];
  }

  /** Speakers in order of their first words. */
  speakers(): string[] {
    return [...this.bySpeaker.entries()]
      .map(([speaker, list]) => ({ speaker, first: Math.min(...list.map((s) => s.startMs)) }))
      .sort((a, b) => a.first - b.first || a.speaker.localeCompare(b.speaker))
      .map((s) => s.speaker);
  }

  nameOf(speaker: string): string {
    return this.names.get(speaker) ?? speaker;
  }

  get size(): number {
    return this.count;
  }
}
