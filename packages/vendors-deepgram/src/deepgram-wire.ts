import { z } from 'zod';

// Lenient: only the fields we read, everything nullish; Deepgram adds fields freely.

const word = z.looseObject({
  word: z.string(),
  punctuated_word: z.string().nullish(),
  start: z.number(),
  end: z.number(),
  confidence: z.number().nullish(),
});

const alternative = z.looseObject({
  transcript: z.string().nullish(),
  confidence: z.number().nullish(),
  words: z.array(word).nullish(),
});

export const liveResultsSchema = z.looseObject({
  type: z.literal('Results'),
  start: z.number().nullish(),
  duration: z.number().nullish(),
  is_final: z.boolean().nullish(),
  speech_final: z.boolean().nullish(),
  from_finalize: z.boolean().nullish(),
  channel: z.looseObject({ alternatives: z.array(alternative).nullish() }).nullish(),
});

export const liveMessageSchema = z.discriminatedUnion('type', [
  liveResultsSchema,
  z.looseObject({ type: z.literal('SpeechStarted'), timestamp: z.number().nullish() }),
  z.looseObject({ type: z.literal('UtteranceEnd'), last_word_end: z.number().nullish() }),
  z.looseObject({ type: z.literal('Metadata') }),
]);

export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type LiveResults = z.infer<typeof liveResultsSchema>;
export type DeepgramWord = z.infer<typeof word>;

export const prerecordedResponseSchema = z.looseObject({
  metadata: z.looseObject({ duration: z.number().nullish() }).nullish(),
  results: z.looseObject({
    channels: z.array(
      z.looseObject({
        alternatives: z.array(alternative).nullish(),
        detected_language: z.string().nullish(),
      }),
    ),
  }),
});
