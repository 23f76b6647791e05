import type { TurnSettings } from './turn-settings.js';

const backchannels = new Set([
  'mhm',
  'mm',
  'mmm',
  'hmm',
  'hm',
  'uh-huh',
  'uh huh',
  'uhhuh',
  'yeah',
  'yep',
  'yes',
  'yup',
  'right',
  'okay',
  'ok',
  'sure',
  'got it',
  'i see',
  'cool',
  'nice',
  'exactly',
  'true',
  'totally',
  'alright',
  'all right',
  'ah',
  'oh',
  'aha',
  'uh',
  'um',
  'makes sense',
  'sounds good',
  'thanks',
  'thank you',
]);

// Short, but meant to stop the agent.
const stopWords =
  /^(wait|stop|sorry|hold on|hang on|excuse me|pardon|actually|no|what|sorry what|one moment)\b/;

export type InterruptionKind = 'speech' | 'backchannel' | 'noise';

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What the candidate's sound while the agent talks was: a real interruption,
 * a backchannel ("mhm", "yeah, right") or noise (a cough, a click: too short
 * or no words at all).
 */
export function classifyInterruption(
  text: string,
  speechMs: number,
  settings: Pick<TurnSettings, 'minInterruptMs' | 'minInterruptWords'>,
): InterruptionKind {
  const normalized = normalize(text);
  if (!normalized) return speechMs >= settings.minInterruptMs * 3 ? 'speech' : 'noise';
  if (stopWords.test(normalized)) return 'speech';
  if (backchannels.has(normalized)) return 'backchannel';
  const words = normalized.split(' ');
  // "yeah yeah", "okay got it": every piece a backchannel.
  if (words.length <= 4 && coveredByBackchannels(words)) return 'backchannel';
  if (words.length < settings.minInterruptWords)
    return speechMs < settings.minInterruptMs ? 'noise' : 'backchannel';
  return 'speech';
}

function coveredByBackchannels(words: string[]): boolean {
  let i = 0;
  while (i < words.length) {
    const two = `${words[i]} ${words[i + 1] ?? ''}`.trim();
    if (i + 1 < words.length && backchannels.has(two)) i += 2;
    else if (backchannels.has(words[i]!)) i += 1;
    else return false;
  }
  return true;
}

const thinking =
  /(let me think|let me see|give me a (second|sec|moment|minute)|one (second|sec|moment)|just a (second|sec|moment)|thinking|hmm+|um+|uh+|good question|how do i put (it|this)|so+|and+)[\s.,!…-]*$/i;

/** The candidate is still thinking aloud: the turn should not end at this pause. */
export function endsWithThinking(text: string): boolean {
  return thinking.test(text.trim());
}
