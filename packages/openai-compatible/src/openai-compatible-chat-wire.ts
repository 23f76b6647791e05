import type { LlmFinishReason, LlmMessage, LlmUsage } from '@bot-backend/interfaces';
import { z } from 'zod';

const usageSchema = z
  .object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
  })
  .nullish();

/** The usage object of a chat completion (OpenAI's `usage`, Groq's `x_groq.usage`). */
export type WireUsage = z.infer<typeof usageSchema>;

/** The fields we read from a chat completion; lenient, since compatible servers omit some. */
export const chatCompletionResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

/** The fields we read from one stream chunk. */
export const chatCompletionChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

export function mapFinishReason(reason: string | null | undefined): LlmFinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}

export const emptyUsage = (): LlmUsage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

export function toUsage(usage: WireUsage): LlmUsage | undefined {
  if (!usage) return undefined;
  const inputTokens = usage.prompt_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
}

export const addUsage = (a: LlmUsage, b: LlmUsage): LlmUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  totalTokens: a.totalTokens + b.totalTokens,
});

export interface WireMessage {
  role: LlmMessage['role'];
  content: string;
}

export const toWireMessage = (message: LlmMessage): WireMessage => ({
  role: message.role,
  content: message.content,
});
