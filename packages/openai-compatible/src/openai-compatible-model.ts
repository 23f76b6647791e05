import type { VendorError } from '@bot-backend/interfaces';
import type { CallControl } from '@bot-backend/vendor-kit';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { openAICompatibleErrorToVendorError } from './openai-compatible-errors.js';

/**
 * What every model of an OpenAI-compatible vendor holds: its id and the config its
 * provider function resolved once (vercel/ai's `constructor(modelId, config)`).
 */
export abstract class OpenAICompatibleModel<Config extends OpenAICompatibleModelConfig<unknown>> {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  protected readonly config: Config;

  constructor(modelId: string, config: Config) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.config = config;
  }

  /** What a failed call means: the abort we caused (cancel, first-byte timeout), else the vendor's answer. */
  protected failure(call: CallControl, error: unknown): VendorError {
    return call.abortError() ?? openAICompatibleErrorToVendorError(error, this.provider, this.config.errors);
  }
}
