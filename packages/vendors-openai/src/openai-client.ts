import type { VendorError } from '@bot-backend/interfaces';
import {
  type OpenAICompatibleClientOptions,
  openAICompatibleErrorToVendorError,
  stainlessClientOptions,
  stainlessErrors,
} from '@bot-backend/openai-compatible';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** What `createOpenAI` resolved for the transport: the full base URL (path prefix included) and the key. */
export interface OpenAIClientOptions extends OpenAICompatibleClientOptions {
  organization?: string | undefined;
  project?: string | undefined;
}

/** The official `openai` SDK for OpenAI and every compatible server (Ollama, vLLM, llama.cpp). */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    ...stainlessClientOptions(options),
    // Explicit values (null included) keep the SDK from reading OPENAI_ORG_ID and the like.
    organization: options.organization ?? null,
    project: options.project ?? null,
    webhookSecret: null,
  });
}

/** The `openai` SDK keeps the body's `error` member as `err.error` (core/error.ts). */
export const openAIErrors = stainlessErrors({
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
});

/** What the `openai` SDK threw, as the one VendorError (`vendor` is `openai` unless a compatible server's name is given). */
export const openAIErrorToVendorError = (error: unknown, vendor = 'openai'): VendorError =>
  openAICompatibleErrorToVendorError(error, vendor, openAIErrors);
