import {
  type CallOptions,
  type ModerationResult,
  type Moderator,
  VendorError,
} from '@bot-backend/interfaces';
import { startCall } from '@bot-backend/vendor-kit';
import type OpenAI from 'openai';
import { openAIErrorToVendorError } from './openai-errors.js';
import { moderationResponseSchema, type OpenAIModerationModelId } from './openai-options.js';

export interface OpenAIModerationConfig {
  client: OpenAI;
  modelId: OpenAIModerationModelId;
  provider: string;
  timeoutMs?: number | undefined;
}

/** The moderation endpoint (`POST /moderations`), for the evaluator's moderation fallback. */
export class OpenAIModeration implements Moderator {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: OpenAIModerationModelId;
  readonly #client: OpenAI;
  readonly #timeoutMs: number | undefined;

  constructor(config: OpenAIModerationConfig) {
    this.#client = config.client;
    this.modelId = config.modelId;
    this.provider = config.provider;
    this.#timeoutMs = config.timeoutMs;
  }

  async moderate(text: string, options: CallOptions = {}): Promise<ModerationResult> {
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    let raw: unknown;
    try {
      raw = await this.#client.moderations.create(
        { model: this.modelId, input: text },
        { signal: call.signal },
      );
    } catch (error) {
      throw call.abortError() ?? openAIErrorToVendorError(error, this.provider);
    } finally {
      call.dispose();
    }
    const parsed = moderationResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: this.provider,
        message: `${this.provider}: unreadable moderation response`,
      });
    }
    const results = parsed.data.results;
    const categories = new Set<string>();
    for (const result of results) {
      for (const [name, fired] of Object.entries(result.categories ?? {})) if (fired) categories.add(name);
    }
    return {
      flagged: results.some((result) => result.flagged),
      categories: [...categories],
      model: parsed.data.model ?? this.modelId,
    };
  }
}
