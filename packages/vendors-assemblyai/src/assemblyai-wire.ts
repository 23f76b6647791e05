import { z } from 'zod';

// Lenient: only the fields we read, nullish; AssemblyAI adds fields freely.

export const uploadResponseSchema = z.looseObject({ upload_url: z.string() });

export const transcriptSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  text: z.string().nullish(),
  confidence: z.number().nullish(),
  audio_duration: z.number().nullish(),
  language_code: z.string().nullish(),
  error: z.string().nullish(),
  words: z
    .array(
      z.looseObject({
        text: z.string(),
        start: z.number(),
        end: z.number(),
        confidence: z.number().nullish(),
      }),
    )
    .nullish(),
});

export type Transcript = z.infer<typeof transcriptSchema>;

export const errorBodySchema = z.looseObject({ error: z.string() });

/**
 * The text of a v3 Turn. A partial's `transcript` holds only finalized words; its last
 * word is still open (`word_is_final: false`) but belongs in what the caller sees now
 * (docs/streaming/universal-streaming/message-sequence). A final turn's transcript is
 * complete, and formatted when format_turns is on.
 */
export function turnText(turn: {
  end_of_turn: boolean;
  transcript: string;
  words: ReadonlyArray<{ text: string }>;
}): string {
  if (turn.end_of_turn || turn.words.length === 0) return turn.transcript.trim();
  return turn.words
    .map((word) => word.text)
    .join(' ')
    .trim();
}
