import type { AssemblyAI } from 'assemblyai';
import type { AssemblyAIModelId, AssemblyAISettings } from './assemblyai-options.js';
import { AssemblyAIStt, resolveAssemblyAIConfig } from './assemblyai-stt.js';

export interface AssemblyAIProvider {
  /** Speech-to-text; `model` is the async model (default settings.defaultModel, `assemblyai-stt-3-7`). */
  stt(model?: AssemblyAIModelId): AssemblyAIStt;
  /** The official SDK client the capabilities share. */
  readonly client: AssemblyAI;
}

/**
 * The one way in: validates the settings once (a TypeError naming the bad
 * fields) and hands the resolved config, with one shared SDK client, to every
 * model it creates.
 */
export function createAssemblyAI(settings: AssemblyAISettings): AssemblyAIProvider {
  const config = resolveAssemblyAIConfig(settings);
  return {
    client: config.client,
    stt: (model) => new AssemblyAIStt(model ?? config.settings.defaultModel, config),
  };
}
