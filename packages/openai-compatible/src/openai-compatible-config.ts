import OpenAI from 'openai';
import { z } from 'zod';

/**
 * The settings every OpenAI-compatible vendor takes (each vendor's schema adds
 * its own). Everything comes in here; nothing is read from the environment.
 */
export const openAICompatibleSettingsShape = {
  apiKey: z.string().min(1, 'apiKey is required'),
  baseURL: z.url().optional(),
  /** A fetch implementation (tests, proxies). */
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', 'fetch must be a function')
    .optional(),
  /** Chat model used when a call names none. */
  defaultModel: z.string().min(1).optional(),
  /** First-byte timeout for every call, unless a call gives its own. */
  timeoutMs: z.number().int().positive().optional(),
  headers: z.record(z.string(), z.string()).optional(),
};

/** What the transport needs, resolved: the full base URL (path prefix included) and the key. */
export interface OpenAICompatibleClientOptions {
  apiKey: string;
  baseURL: string;
  organization?: string | undefined;
  project?: string | undefined;
  fetch?: typeof fetch | undefined;
  headers?: Record<string, string> | undefined;
}

/** What every model class of the core is handed: it never sees raw settings and never builds a client. */
export interface OpenAICompatibleModelConfig {
  /** Reported as `provider` and as the `vendor` of every error. */
  readonly provider: string;
  readonly client: OpenAI;
  /** First-byte timeout when a call gives none. */
  readonly timeoutMs: number | undefined;
}

/** A base URL without its trailing slashes, so the SDK's `/chat/completions` joins it cleanly. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * The one place the official `openai` SDK is built, for OpenAI and every
 * compatible server (Groq's `/openai/v1`, Ollama, vLLM, llama.cpp).
 */
export function createOpenAICompatibleClient(options: OpenAICompatibleClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    // Explicit values (null included) keep the SDK from reading OPENAI_* variables.
    baseURL: withoutTrailingSlash(options.baseURL),
    organization: options.organization ?? null,
    project: options.project ?? null,
    webhookSecret: null,
    // One retry policy, ours (the factory's); the SDK's hidden retries would double it.
    maxRetries: 0,
    // The SDK would log unparsable stream lines, which hold model output (personal data).
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
}
