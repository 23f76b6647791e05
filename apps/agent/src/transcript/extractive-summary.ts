import type { TranscriptSegmentRecord } from './transcript-aggregator.js';

// Function words carry no topic; they are left out of the word weights.
const STOPWORDS = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has ' +
    'have having he her here hers him his how i if in into is it its itself just let me more most my ' +
    'no nor not now of off on once only or other our ours out over own same she should so some such ' +
    'than that the their theirs them then there these they this those through to too under until up ' +
    'us very was we were what when where which while who whom why will with would you your yours ' +
    'yeah yes okay ok um uh like really think know going get got thing things well right sure'
  ).split(' '),
);

export interface ExtractiveSummaryOptions {
  /** Sentences kept per speaker. Default 2. */
  sentencesPerSpeaker?: number;
  /** Display names by identity. */
  nameOf?: (speaker: string) => string;
}

interface Sentence {
  text: string;
  speaker: string;
  /** Position in the meeting, for ties and for the final order. */
  order: number;
  words: string[];
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter(
    (word) => word.length > 2 && !STOPWORDS.has(word),
  );
}

function splitSentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]*/g) ?? [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 1 ? `${minutes} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

/**
 * A deterministic summary without an LLM: for each speaker, the sentences that
 * carry most of the meeting's frequent topic words (weight = sum of the words'
 * meeting-wide counts, over the square root of the sentence's length, so long
 * rambles do not win by size), kept in the order they were said.
 */
export function extractiveSummary(
  segments: readonly TranscriptSegmentRecord[],
  options: ExtractiveSummaryOptions = {},
): string {
  const perSpeaker = options.sentencesPerSpeaker ?? 2;
  const nameOf = options.nameOf ?? ((speaker: string) => speaker);
  if (segments.length === 0) return 'No speech was transcribed in this meeting.';

  const sentences: Sentence[] = [];
  for (const segment of segments) {
    for (const text of splitSentences(segment.text)) {
      sentences.push({ text, speaker: segment.speaker, order: sentences.length, words: contentWords(text) });
    }
  }
  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of sentence.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const score = (sentence: Sentence) =>
    sentence.words.length === 0
      ? 0
      : sentence.words.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0) /
        Math.sqrt(sentence.words.length);

  const speakers: string[] = [];
  for (const segment of segments) if (!speakers.includes(segment.speaker)) speakers.push(segment.speaker);
  const first = Math.min(...segments.map((s) => s.startMs));
  const last = Math.max(...segments.map((s) => s.endMs));

  const lines = [
    `Meeting summary (extractive): ${speakers.length} speaker${speakers.length === 1 ? '' : 's'}, ` +
      `${segments.length} segment${segments.length === 1 ? '' : 's'}, ${formatDuration(last - first)} of speech.`,
  ];
  const topics = [...frequency.entries()]
    .filter(([, count]) => count > 1)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([word]) => word);
  if (topics.length > 0) lines.push(`Topics: ${topics.join(', ')}.`);
  for (const speaker of speakers) {
    const own = sentences.filter((s) => s.speaker === speaker);
    const substantial = own.filter((s) => s.words.length >= 2);
    const pool = substantial.length > 0 ? substantial : own;
    const picked = [...pool]
      .sort((a, b) => score(b) - score(a) || a.order - b.order)
      .slice(0, perSpeaker)
      .sort((a, b) => a.order - b.order);
    lines.push(`- ${nameOf(speaker)}: ${picked.map((s) => s.text).join(' ')}`);
  }
  return lines.join('\n');
}
