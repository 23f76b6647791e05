import type { AudioInput, STT, SttOptions, SttSession, SttTranscript } from '@bot-backend/interfaces';
import type { AssemblyAI } from 'assemblyai';
import { AssemblyAIAsyncTranscriber } from './assemblyai-async.js';
import type { AssemblyAIModelId, ResolvedAssemblyAISettings } from './assemblyai-options.js';
import { AssemblyAIStreamingSession } from './assemblyai-streaming-session.js';

/** What `createAssemblyAI` resolves once and every model class receives: settings parsed, one client. */
export interface AssemblyAIConfig {
  readonly settings: ResolvedAssemblyAISettings;
  readonly client: AssemblyAI;
}

/**
 * AssemblyAI speech-to-text: `stream()` over Universal Streaming v3 (turns,
 * formatted finals, ForceEndpoint on finalize, Terminate on close, loss-free
 * reconnect); `transcribe()` through the async API (upload, submit, poll).
 */
export class AssemblyAIStt implements STT {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'assemblyai';
  readonly capabilities: STT['capabilities'] = {
    streaming: true,
    interimResults: true,
    wordTimings: true,
    endOfTurn: true,
  };
  readonly #async: AssemblyAIAsyncTranscriber;

  /** Built by `createAssemblyAI`, which resolves the settings and the client once. */
  constructor(
    readonly modelId: AssemblyAIModelId,
    private readonly config: AssemblyAIConfig,
  ) {
    this.#async = new AssemblyAIAsyncTranscriber(config.settings);
  }

  stream(options: SttOptions): SttSession {
    return new AssemblyAIStreamingSession(this.config.client, this.config.settings, options);
  }

  transcribe(audio: AudioInput, options: Parameters<STT['transcribe']>[1] = {}): Promise<SttTranscript> {
    if (options.endpointingMs !== undefined || options.interimResults !== undefined) {
      this.config.settings.onWarning?.(
        'AssemblyAI async: endpointingMs and interimResults apply to stream() only',
      );
    }
    return this.#async.transcribe(audio, { ...options, model: options.model ?? this.modelId });
  }
}
