import { parseSettings } from '@bot-backend/vendor-kit';
import { AssemblyAI } from 'assemblyai';
import {
  type AssemblyAIModelId,
  type AssemblyAISettings,
  assemblyAISettingsSchema,
} from './assemblyai-options.js';
import { type AssemblyAIConfig, AssemblyAIStt } from './assemblyai-stt.js';

export interface AssemblyAIProvider {
  /** The official SDK client the capabilities share. */
  readonly client: AssemblyAI;
  /** Speech-to-text; `model` is the async model (default settings.defaultModel, `assemblyai-stt-3-7`). */
  stt(model?: AssemblyAIModelId): AssemblyAIStt;
}

/**
 * The one way in: validates the settings once (a TypeError naming the bad
 * fields), builds one SDK client (streaming and temporary tokens, pointed where
 * the settings say) and hands both to every model it creates.
 */
export function createAssemblyAI(settings: AssemblyAISettings): AssemblyAIProvider {
  const resolved = parseSettings('AssemblyAI', assemblyAISettingsSchema, settings);
  const { apiKey, baseUrl, streamingBaseUrl } = resolved;
  const config: AssemblyAIConfig = {
    settings: resolved,
    client: new AssemblyAI({ apiKey, baseUrl, streamingBaseUrl }),
  };
  return { client: config.client, stt: (model = resolved.defaultModel) => new AssemblyAIStt(model, config) };
}
