import type { VendorError } from '@bot-backend/interfaces';
import {
  type OpenAICompatibleClientOptions,
  openAICompatibleErrorToVendorError,
  stainlessClientOptions,
  stainlessErrors,
} from '@bot-backend/openai-compatible';
import Groq, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';
import { z } from 'zod';

/**
 * The official `groq-sdk` client on Groq's origin (the SDK adds `/openai/v1`); explicit key
 * and URL keep it from reading GROQ_API_KEY and GROQ_BASE_URL.
 */
export function createGroqClient(options: OpenAICompatibleClientOptions): Groq {
  return new Groq(stainlessClientOptions(options));
}

/** A whole error body, `{"error": …}`: what groq-sdk keeps as `err.error`. */
const wholeBodySchema = z.object({ error: z.union([z.string(), z.looseObject({})]) });

/**
 * groq-sdk's `APIError.generate` keeps the whole response body as `err.error`
 * (groq-sdk core/error.ts; vendor-wire.md §2), where openai keeps its `error` member;
 * an error inside a stream is kept as the member itself (core/streaming.ts).
 */
export const groqErrors = stainlessErrors(
  { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError },
  (kept) => {
    const whole = wholeBodySchema.safeParse(kept);
    return whole.success ? whole.data.error : kept;
  },
);

/** What groq-sdk threw, as the one VendorError. */
export const groqErrorToVendorError = (error: unknown, vendor = 'groq'): VendorError =>
  openAICompatibleErrorToVendorError(error, vendor, groqErrors);
