import {
  type CallOptions,
  type ModerationResult,
  type Moderator,
  VendorError,
} from '@bot-backend/interfaces';
import { OpenAICompatibleModel, type OpenAICompatibleModelConfig } from '@bot-backend/openai-compatible';
import { startCall } from '@bot-backend/vendor-kit';
import type OpenAI from 'openai';
import { moderationResponseSchema } from './openai-options.js';

export type OpenAIModerationConfig = OpenAICompatibleModelConfig<OpenAI>;

/** The moderation endpoint (`POST /moderations`), for the evaluator's moderation fallback. */
export class OpenAIModeration extends OpenAICompatibleModel<OpenAIModerationConfig> implements Moderator {
  async moderate(text: string, options: CallOptions = {}): Promise<ModerationResult> {
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.config.timeoutMs);
    let raw: unknown;
    try {
      raw = await this.config.client.moderations.create(
        { model: this.modelId, input: text },
        { signal: call.signal },
      );
    } catch (error) {
      throw this.failure(call, error);
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
