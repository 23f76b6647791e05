import type { OpenAICompatibleChatDialect, WireErrorBody, WireUsage } from '@bot-backend/openai-compatible';
import { z } from 'zod';

/**
 * Groq's own field of a stream chunk: the usage of the stream on the last chunk, and
 * an error string when the stream stops early (console.groq.com/docs/api-reference,
 * chat completion chunk `x_groq`). Lenient: only what we read.
 */
const xGroqSchema = z.object({
  x_groq: z
    .object({
      usage: z
        .object({
          prompt_tokens: z.number().nullish(),
          completion_tokens: z.number().nullish(),
          total_tokens: z.number().nullish(),
        })
        .nullish(),
      error: z.string().nullish(),
    })
    .nullish(),
});

function readChunk(chunk: unknown): { usage?: WireUsage; error?: string | undefined } {
  const parsed = xGroqSchema.safeParse(chunk);
  const own = parsed.success ? parsed.data.x_groq : undefined;
  return { usage: own?.usage, error: own?.error ?? undefined };
}

/**
 * Groq checks JSON mode itself and answers 400 `json_validate_failed` with what the
 * model wrote in `failed_generation` (console.groq.com/docs/errors): an invalid attempt
 * for the one repair, not a bad request.
 */
function failedGeneration(body: WireErrorBody): string | undefined {
  if (body.status !== 400 || body.code !== 'json_validate_failed') return undefined;
  return body.failedGeneration ?? '';
}

/** Where Groq's wire differs from OpenAI's. */
export const groqChatDialect: OpenAICompatibleChatDialect = { readChunk, failedGeneration };
