// An enumeration the speaker opened and has not closed: "there are three
// reasons, first … second …", or "firstly …" with nothing after it.

const counts: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  couple: 2,
  'a couple of': 2,
  'a few': 3,
  several: 3,
};

const announcement =
  /(?:^|\s)(two|three|four|five|a couple of|a few|several)(?: (?:main|key|big|major|different|important|things|main things))? (?:things|reasons|ways|points|steps|options|approaches|ideas|parts|aspects|factors|benefits|advantages|disadvantages|drawbacks|problems|issues|differences|types|kinds|trade ?offs|cases|layers|phases|stages|questions|concerns|components|pieces|lessons|examples|strategies|techniques|rules|levels|tiers|categories|areas|goals|metrics|risks)\b/g;

const ordinalWords: Array<[RegExp, number]> = [
  [/(?:^|\s)(?:first(?:ly)?|first of all|number one|one is|to start with|to begin with)\b/g, 1],
  [/(?:^|\s)(?:second(?:ly)?|number two|two is|the other (?:one|thing|reason|point) is)\b/g, 2],
  [/(?:^|\s)(?:third(?:ly)?|number three|three is)\b/g, 3],
  [/(?:^|\s)(?:fourth(?:ly)?|number four|four is)\b/g, 4],
  [/(?:^|\s)(?:fifth(?:ly)?|number five|five is)\b/g, 5],
];

/**
 * "finally", "lastly", "and the last one": the list is being closed; "then", "after that" close a
 * sequence that "first" opened ("first we profile, then we fix the query").
 */
const closer =
  /(?:^|\s)(?:finally|lastly|last but not least|last of all|and last|the last (?:one|thing|reason|point|step) is|and the other (?:one|thing|reason|point) is|on the other hand|then|after that|afterwards)\b/g;

// Ordinals used as adjectives ("the first time", "at first") are not list markers.
const adjectival = /(?:the|my|our|a|his|her|their|its|at|very|for the|in the) (?:first|second|third)$/;
const listNoun =
  /^(?:is|one|reason|thing|point|step|option|approach|way|problem|issue|part|idea|was|being|of all|off)\b/;

function lastIndexOf(text: string, pattern: RegExp): { index: number; end: number } | undefined {
  let found: { index: number; end: number } | undefined;
  for (const match of text.matchAll(pattern)) {
    found = { index: match.index ?? 0, end: (match.index ?? 0) + match[0].length };
  }
  return found;
}

/** The highest list position reached, ignoring adjectival ordinals ("the first time I …"). */
function highestOrdinal(text: string): { rank: number; end: number } {
  let best = { rank: 0, end: -1 };
  for (const [pattern, rank] of ordinalWords) {
    for (const match of text.matchAll(pattern)) {
      const start = (match.index ?? 0) + (match[0].startsWith(' ') ? 1 : 0);
      const end = (match.index ?? 0) + match[0].length;
      const before = text.slice(Math.max(0, start - 12), start).trimEnd();
      const word = text.slice(start, end);
      const beforeWords = `${before} ${word.split(' ')[0]}`.trim();
      if (adjectival.test(beforeWords) && !listNoun.test(text.slice(end).trimStart())) continue;
      // "…try the simple option first": an adverb closing a sentence, not a list opening.
      if (end === text.length && before && !listLead.test(before)) continue;
      if (rank > best.rank || (rank === best.rank && end > best.end)) best = { rank, end };
    }
  }
  return best;
}

// Words after which a final "first" opens a list: "and first", "so first", "okay first".
const listLead = /(?:^|\s)(?:and|so|then|well|okay|ok|um|uh|right|alright|reasons|things|steps|ways|points)$/;

export interface ListState {
  /** How many items were announced ("three reasons"), if any. */
  announced: number | undefined;
  /** The highest item reached ("second" → 2). */
  reached: number;
  /** The speaker said "finally"/"lastly" after the last item opened. */
  closed: boolean;
  /** Words spoken after the last list marker. */
  wordsAfterMarker: number;
}

/** Where an enumeration in this normalized (lower-case, unpunctuated) text stands. */
export function listState(text: string): ListState {
  const announcedAt = lastIndexOf(text, announcement);
  let announced: number | undefined;
  if (announcedAt) {
    const match = text.slice(announcedAt.index).trimStart();
    const key = Object.keys(counts).find((k) => match.startsWith(k));
    announced = key ? counts[key] : undefined;
  }
  const { rank, end } = highestOrdinal(text);
  const closing = lastIndexOf(text, closer);
  const markerEnd = Math.max(end, closing?.end ?? -1, announcedAt?.end ?? -1);
  const after = markerEnd < 0 ? '' : text.slice(markerEnd).trim();
  return {
    announced,
    reached: rank,
    // A closing word closes only what an ordinal or a count opened ("after that", "back then" alone close nothing).
    closed: closing !== undefined && closing.index > end && (rank > 0 || announced !== undefined),
    wordsAfterMarker: after ? after.split(' ').length : 0,
  };
}

/**
 * How open the list is: `open` when announced items are missing, a lone "first" was said or
 * "finally" has nothing after it; `maybe` when two or more items came with no count and no
 * closing word (a list of two is complete, a list of three is not); `none` otherwise.
 */
export function listOpenness(state: ListState): 'open' | 'maybe' | 'none' {
  if (state.closed) return state.wordsAfterMarker < 2 ? 'open' : 'none';
  if (state.announced !== undefined) {
    if (state.reached === 0) return state.wordsAfterMarker < 4 ? 'open' : 'none';
    if (state.reached < state.announced) return 'open';
    return state.wordsAfterMarker < 1 ? 'open' : 'none';
  }
  if (state.reached === 1) return 'open';
  if (state.reached > 1) return state.wordsAfterMarker < 1 ? 'open' : 'maybe';
  return 'none';
}
