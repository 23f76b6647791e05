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

/** The official SDK client (streaming and temporary tokens), pointed where the settings say. */
export function createAssemblyAIClient(settings: ResolvedAssemblyAISettings): AssemblyAI {
  return new AssemblyAI({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    streamingBaseUrl: settings.streamingBaseUrl,
  });
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

  constructor(settings: AssemblyAISettings, client?: AssemblyAI) {
    this.settings = parseAssemblyAISettings(settings);
    this.modelId = this.settings.defaultModel;
    this.client = client ?? createAssemblyAIClient(this.settings);
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
    return this.async.transcribe(audio, options);
  }
}
