import { headersSetting, nodeFetch, vendorClientSettings } from '@bot-backend/vendor-kit';
import { z } from 'zod';
import type { OpenAICompatibleClient } from './openai-compatible-client.js';
import type { OpenAICompatibleErrors } from './openai-compatible-errors.js';

/**
 * The settings every OpenAI-compatible vendor takes (each vendor's schema adds
 * its own). Everything comes in here; nothing is read from the environment.
 */
export const openAICompatibleSettingsShape = {
  ...vendorClientSettings(),
  baseURL: z.url().optional(),
  /** Chat model used when a call names none. */
  defaultModel: z.string().min(1).optional(),
  headers: headersSetting,
};

/** What every model class of the core is handed: it never sees raw settings and never builds a client. */
export interface OpenAICompatibleModelConfig<Client = OpenAICompatibleClient> {
  /** Reported as `provider` and as the `vendor` of every error. */
  readonly provider: string;
  /** The vendor's official SDK client, built by its provider function with the SDK's retries off. */
  readonly client: Client;
  /** How the vendor's SDK errors read (`stainlessErrors` with its error classes). */
  readonly errors: OpenAICompatibleErrors;
  /** First-byte timeout when a call gives none. */
  readonly timeoutMs: number | undefined;
}

/** A base URL without its trailing slashes, so the SDK's `/chat/completions` joins it cleanly. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

/** What a provider function resolved for its SDK client. */
export interface OpenAICompatibleClientOptions {
  apiKey: string;
  /** As the vendor's SDK takes it: OpenAI's with its path prefix (`/v1`), Groq's origin. */
  baseURL: string;
  fetch?: typeof fetch | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * The options every Stainless SDK client (`OpenAI`, `Groq`) is built with: explicit key and
 * URL, so the SDK reads no variable for them; its retries and logging off.
 */
export function stainlessClientOptions(options: OpenAICompatibleClientOptions) {
  return {
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    // One retry policy, ours (the factory's); the SDK's hidden retries would double it.
    maxRetries: 0,
    // The SDK would log unparsable stream lines, which hold model output (personal data).
    logLevel: 'off' as const,
    // The SDK's calls over node:http unless a fetch is given (tests, proxies): see nodeFetch.
    fetch: options.fetch ?? nodeFetch,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  };
}
