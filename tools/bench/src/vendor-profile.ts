import { z } from 'zod';

/**
 * How fast the vendors answer. Defaults are modelled on the prototype's vendors:
 * Deepgram Nova-3 streaming (endpointing 300 ms, final about 100 ms after it),
 * Groq Llama 3.3 70B (about 200 ms to the first token, about 275 tokens/s),
 * Cartesia Sonic (about 90 ms to the first audio, far faster than real time).
 */
export const vendorProfileSchema = z.object({
  name: z.string().default('deepgram-groq-cartesia'),
  stt: z
    .object({
      /** Silence after the last word before the STT marks the end of speech (Deepgram `endpointing`). */
      endpointingMs: z.number().int().min(10).default(300),
      /** Recognition latency after that silence until the final transcript is sent. */
      finalDelayMs: z.number().nonnegative().default(100),
      /** Speech time per word of the candidate's answers. */
      msPerWord: z.number().int().positive().default(300),
    })
    .default({ endpointingMs: 300, finalDelayMs: 100, msPerWord: 300 }),
  llm: z
    .object({
      firstTokenMs: z.number().nonnegative().default(200),
      /** One streamed delta is one word; Groq's speed in tokens is used as deltas per second (conservative). */
      tokensPerSecond: z.number().positive().default(275),
    })
    .default({ firstTokenMs: 200, tokensPerSecond: 275 }),
  tts: z
    .object({
      firstByteMs: z.number().nonnegative().default(90),
      /** Generation time per second of audio (0.1: ten times faster than real time). */
      realtimeFactor: z.number().nonnegative().default(0.1),
      /** Audio per character of the fake voice (shorter than a real voice, to keep turns quick). */
      msPerCharacter: z.number().positive().default(15),
    })
    .default({ firstByteMs: 90, realtimeFactor: 0.1, msPerCharacter: 15 }),
  /** Latency of the LLM fake for /v1/evaluate's LLM path (a JSON answer). */
  evaluationLlmMs: z.number().nonnegative().default(20),
});

export type VendorProfile = z.infer<typeof vendorProfileSchema>;

export const defaultVendorProfile: VendorProfile = vendorProfileSchema.parse({});

/**
 * The interviewer's reply in every benchmarked turn, 40 words as a typical
 * acknowledgement and follow-up question: a short first sentence, then the rest.
 */
export const interviewerReply =
  'Thanks, that makes sense. Caching the slow queries is a reasonable first step, and it often buys a lot of headroom. ' +
  'What would you measure first to know the change worked in production, and how would you roll it back?';

/** What the candidate says each turn (no trailing conjunction: no thinking grace applies). */
export const candidateAnswer = 'We cached the slow queries in Redis';

/** One delta of the LLM fake per word, exactly as the fake splits the text. */
export function wordDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}
