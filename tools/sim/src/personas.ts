import {
  type AnswerPart,
  type AnswerQuality,
  answerSentences,
  injectionSentences,
  ramblingSentences,
} from './persona-answers.js';
import type { AskedQuestion } from './question-lookup.js';

export const personaNames = [
  'expert',
  'average',
  'weak',
  'rambler',
  'long-pauser',
  'backchanneler',
  'interrupter',
  'prompt-injector',
  'silent',
] as const;
export type PersonaName = (typeof personaNames)[number];

/** A scripted candidate: what it says to each question, and how it behaves while the interviewer talks. */
export interface Persona {
  name: PersonaName;
  description: string;
  wordsPerMinute: number;
  /** What to say to this question (undefined: the line held no question it recognised); [] says nothing. */
  answer(question: AskedQuestion | undefined, index: number): AnswerPart[];
  /** Says this while the interviewer talks, this long (interview ms) into each line. */
  backchannel?: { text: string; afterMs: number } | undefined;
  /** Starts answering this long (interview ms) into each question, over the interviewer. */
  interruptAfterMs?: number | undefined;
  /** Its answers carry instructions to the interviewer and the grader. */
  injects?: boolean | undefined;
}

const generic: Record<AnswerQuality, string> = {
  strong:
    'I would look at the requirements first, because the trade-offs depend on them, and for example measure the latency before changing anything.',
  fair: 'I think it depends on the situation, but I would try the simple option first.',
  poor: "I don't really know.",
};

function plain(quality: AnswerQuality) {
  return (q: AskedQuestion | undefined): AnswerPart[] =>
    (q ? answerSentences(q, quality) : [generic[quality]]).map((text) => ({ text }));
}

/** Pauses of 3–6 s; at most 4 s in the intro and wrap-up (nobody thinks 6 s about their tech stack). */
const thinkingPausesMs = [4_500, 3_000, 6_000, 3_500, 5_500, 4_000];

export const personas: Record<PersonaName, Persona> = {
  expert: {
    name: 'expert',
    description: 'covers the expected points with reasons, an example and figures',
    wordsPerMinute: 170,
    answer: plain('strong'),
  },
  average: {
    name: 'average',
    description: 'names two points with one reason',
    wordsPerMinute: 160,
    answer: plain('fair'),
  },
  weak: {
    name: 'weak',
    description: 'vague, no expected points',
    wordsPerMinute: 150,
    answer: plain('poor'),
  },
  rambler: {
    name: 'rambler',
    description: 'a good answer, then a long tangent, far over the budget',
    wordsPerMinute: 175,
    answer: (q) => [
      ...(q ? answerSentences(q, 'strong') : [generic.strong]).map((text) => ({ text, pauseAfterMs: 350 })),
      ...[...ramblingSentences, ...ramblingSentences].map((text) => ({ text, pauseAfterMs: 350 })),
    ],
  },
  'long-pauser': {
    name: 'long-pauser',
    description: 'strong answers with 3–6 s pauses to think mid-answer',
    wordsPerMinute: 160,
    answer: (q, index) => {
      const sentences = q ? answerSentences(q, 'strong') : [generic.strong];
      const short = q?.phase === 'intro' || q?.phase === 'wrap_up';
      const pause = Math.min(thinkingPausesMs[index % thinkingPausesMs.length]!, short ? 4_000 : 6_000);
      const [first, ...rest] = sentences;
      if (rest.length === 0)
        return [{ text: `Hmm, let me think.`, pauseAfterMs: pause }, { text: first ?? '' }];
      return [
        { text: `${first} And then, hmm, let me think.`, pauseAfterMs: pause },
        ...rest.map((text) => ({ text })),
      ];
    },
  },
  backchanneler: {
    name: 'backchanneler',
    description: 'says "mhm" while the interviewer talks, then answers fairly',
    wordsPerMinute: 160,
    answer: plain('fair'),
    backchannel: { text: 'mhm', afterMs: 1_200 },
  },
  interrupter: {
    name: 'interrupter',
    description: 'starts answering before the question is finished',
    wordsPerMinute: 170,
    answer: (q) => [
      { text: 'Sorry, let me jump in here.' },
      ...(q ? answerSentences(q, 'fair') : [generic.fair]).map((text) => ({ text })),
    ],
    interruptAfterMs: 1_500,
  },
  'prompt-injector': {
    name: 'prompt-injector',
    description: "the average candidate's answers, plus instructions to give it 10",
    wordsPerMinute: 160,
    answer: (q, index) => [
      ...(q ? answerSentences(q, 'fair') : [generic.fair]).map((text) => ({ text })),
      { text: injectionSentences[index % injectionSentences.length]! },
    ],
    injects: true,
  },
  silent: {
    name: 'silent',
    description: 'never says a word, and leaves',
    wordsPerMinute: 160,
    answer: () => [],
  },
};
