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
