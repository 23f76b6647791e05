import type { CallOptions } from '../call-options.js';
import type { LlmRequest } from './llm-request.js';
import type { LlmResult } from './llm-result.js';
import type { LlmStreamPart } from './llm-stream-part.js';

export interface LlmCapabilities {
  streaming: boolean;
  structuredOutput: boolean;
}

export interface LLM {
  readonly specificationVersion: 'v1';
  /** e.g. `openai`, `groq`, or `fallback(openai,groq)`. */
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: LlmCapabilities;
  /** Rejects with VendorError (or InvalidOutputError for structured output). */
  complete<T = undefined>(request: LlmRequest<T>, options?: CallOptions): Promise<LlmResult<T>>;
  stream(request: LlmRequest, options?: CallOptions): AsyncIterable<LlmStreamPart>;
}
