import type { AssemblyAI } from 'assemblyai';
import {
  type AssemblyAIModelId,
  type AssemblyAISettings,
  parseAssemblyAISettings,
} from './assemblyai-options.js';
import { AssemblyAIStt, createAssemblyAIClient } from './assemblyai-stt.js';

export interface AssemblyAIProvider {
  /** Speech-to-text; `model` is the async model (default settings.defaultModel, `universal`). */
  stt(model?: AssemblyAIModelId): AssemblyAIStt;
  /** The official SDK client the capabilities share. */
  readonly client: AssemblyAI;
}

/** Validates the settings once (throws a TypeError naming the bad fields) and shares one SDK client. */
export function createAssemblyAI(settings: AssemblyAISettings): AssemblyAIProvider {
  const client = createAssemblyAIClient(parseAssemblyAISettings(settings));
  return {
    client,
    stt: (model) => new AssemblyAIStt({ ...settings, ...(model ? { defaultModel: model } : {}) }, client),
  };
}
