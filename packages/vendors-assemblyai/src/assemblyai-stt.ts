import type {
  AudioInput,
  CallOptions,
  STT,
  SttCapabilities,
  SttOptions,
  SttSession,
  SttTranscript,
} from '@bot-backend/interfaces';
import { AssemblyAI } from 'assemblyai';
import { AssemblyAIAsyncTranscriber } from './assemblyai-async.js';
import {
  type AssemblyAIModelId,
  type AssemblyAISettings,
  parseAssemblyAISettings,
  type ResolvedAssemblyAISettings,
} from './assemblyai-options.js';
import { AssemblyAIStreamingSession } from './assemblyai-streaming-session.js';

/** What `createAssemblyAI` resolves once and every model class receives: settings parsed, one client. */
export interface AssemblyAIConfig {
  readonly settings: ResolvedAssemblyAISettings;
  readonly client: AssemblyAI;
}

/** Parses the settings (a TypeError naming the bad fields) and builds the one SDK client. */
export function resolveAssemblyAIConfig(settings: AssemblyAISettings): AssemblyAIConfig {
  const resolved = parseAssemblyAISettings(settings);
  // The official SDK client (streaming and temporary tokens), pointed where the settings say.
  const client = new AssemblyAI({
    apiKey: resolved.apiKey,
    baseUrl: resolved.baseUrl,
    streamingBaseUrl: resolved.streamingBaseUrl,
  });
  return { settings: resolved, client };
}

/**
 * AssemblyAI speech-to-text: `stream()` over Universal Streaming v3 (turns,
 * formatted finals, ForceEndpoint on finalize, Terminate on close, loss-free
 * reconnect); `transcribe()` through the async API (upload, submit, poll).
 */
export class AssemblyAIStt implements STT {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'assemblyai';
  readonly modelId: AssemblyAIModelId;
  readonly capabilities: SttCapabilities = {
    streaming: true,
    interimResults: true,
    wordTimings: true,
    endOfTurn: true,
  };
  private readonly settings: ResolvedAssemblyAISettings;
  private readonly client: AssemblyAI;
  private readonly async: AssemblyAIAsyncTranscriber;

  /** Built by `createAssemblyAI`, which resolves the settings and the client once. */
  constructor(modelId: AssemblyAIModelId, config: AssemblyAIConfig) {
    this.modelId = modelId;
    this.settings = config.settings;
    this.client = config.client;
    this.async = new AssemblyAIAsyncTranscriber(this.settings);
  }

  stream(options: SttOptions): SttSession {
    return new AssemblyAIStreamingSession(this.client, this.settings, options);
  }

  transcribe(
    audio: AudioInput,
    options: Omit<SttOptions, 'sampleRate'> & CallOptions = {},
  ): Promise<SttTranscript> {
    if (options.endpointingMs !== undefined || options.interimResults !== undefined) {
      this.settings.onWarning?.('AssemblyAI async: endpointingMs and interimResults apply to stream() only');
    }
    return this.async.transcribe(audio, { ...options, model: options.model ?? this.modelId });
  }
}
