import type { LlmStreamPart } from '@bot-backend/interfaces';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { stainlessErrors } from './openai-compatible-errors.js';
import type { OpenAICompatibleLlmConfig } from './openai-compatible-llm.js';

/** Every part of a stream, in order. */
export async function collect<T>(parts: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export const deltas = (parts: LlmStreamPart[]) =>
  parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []));

export const user = (content: string) => [{ role: 'user' as const, content }];

/** The common config of a compatible server at `baseURL`, as a vendor's provider function would resolve it. */
export const commonConfig = (baseURL: string, timeoutMs?: number): OpenAICompatibleModelConfig<OpenAI> => ({
  provider: 'compat',
  // Retries off and nothing from OPENAI_* variables, as a vendor's provider function builds it.
  client: new OpenAI({
    apiKey: 'sk-test-key',
    baseURL,
    organization: null,
    project: null,
    maxRetries: 0,
    logLevel: 'off',
  }),
  errors: testErrors,
  timeoutMs,
});

/** The `openai` SDK's error classes, as vendors-openai hands them to the core. */
export const testErrors = stainlessErrors({
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
});

/** A chat config with OpenAI's wire defaults; a test overrides what it is about. */
export const chatConfig = (
  baseURL: string,
  overrides: Partial<OpenAICompatibleLlmConfig> = {},
): OpenAICompatibleLlmConfig => ({
  ...commonConfig(baseURL),
  capabilities: () => ({ structuredOutputs: 'strict', temperature: true }),
  maxTokensParameter: 'max_tokens',
  includeStreamUsage: true,
  extraBody: {},
  ...overrides,
});
