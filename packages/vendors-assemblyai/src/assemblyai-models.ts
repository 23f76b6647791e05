/**
 * AssemblyAI's speech models: the one list this package goes by.
 *
 * Checked 2026-12-01 against:
 * - assemblyai.com/docs/getting-started/model-versions-and-deprecations (status of each model;
 *   assemblyai-stt-3-7 the default for new accounts since 2026-11-17),
 * - assemblyai.com/docs/pre-recorded-audio/assemblyai-stt-3-7-migration-guide (send
 *   `speech_models: ["assemblyai-stt-3-7", "universal-2"]` for the widest language cover),
 * - assemblyai.com/docs/pre-recorded-audio/select-the-speech-model (`speech_models` is an
 *   array in priority order; the singular `speech_model` is deprecated and refused),
 * - `StreamingSpeechModel` and `languageCodes` in the assemblyai SDK 4.41.5 (src/types/streaming/index.ts),
 * - assemblyai.com/docs/streaming/universal-streaming (speech_model required; word-level partials).
 */
export const ASSEMBLYAI_MODELS_CHECKED_ON = '2026-12-01';

/** Pre-recorded default: AssemblyAI's latest model. */
export const ASSEMBLYAI_DEFAULT_MODEL = 'assemblyai-stt-3-7';
/** Sent after the chosen model in `speech_models`, for languages it does not cover (99 languages). */
export const ASSEMBLYAI_FALLBACK_MODELS: readonly string[] = ['universal-2'];
/** Streaming default: English, word-by-word partial turns. */
export const ASSEMBLYAI_DEFAULT_STREAMING_MODEL = 'universal-streaming-english';

export interface AssemblyAIAsyncModelInfo {
  status: 'current' | 'deprecated';
  wordTimestamps: boolean;
  /** Languages in short; the docs list them per model. */
  languages: string;
}

/** Pre-recorded models `speech_models` accepts. Refused now: best, nano, slam-1, universal-3-pro, universal. */
export const ASSEMBLYAI_ASYNC_MODELS = {
  'assemblyai-stt-3-7': {
    status: 'current',
    wordTimestamps: true,
    languages: 'see supported-languages#assemblyai-stt-37',
  },
  'universal-3-5-pro': { status: 'deprecated', wordTimestamps: true, languages: '18 languages' },
  'universal-2': { status: 'current', wordTimestamps: true, languages: '99 languages' },
} as const satisfies Record<string, AssemblyAIAsyncModelInfo>;

export type AssemblyAIModelId = keyof typeof ASSEMBLYAI_ASYNC_MODELS | (string & {});

export interface AssemblyAIStreamingModelInfo {
  /** Partial turns word by word (`word_is_final`), or segment partials (U3 Pro). */
  partials: 'words' | 'segments';
  wordTimestamps: boolean;
  /** The model takes `language_codes` ("Universal-3.5 Pro Streaming only"). */
  languageCodes: boolean;
  languages: string;
}

export const ASSEMBLYAI_STREAMING_MODELS = {
  'universal-streaming-english': {
    partials: 'words',
    wordTimestamps: true,
    languageCodes: false,
    languages: 'en',
  },
  'universal-streaming-multilingual': {
    partials: 'words',
    wordTimestamps: true,
    languageCodes: false,
    languages: 'en es fr de it pt',
  },
  'u3-rt-pro': {
    partials: 'segments',
    wordTimestamps: true,
    languageCodes: true,
    languages: 'en es fr de it pt',
  },
} as const satisfies Record<string, AssemblyAIStreamingModelInfo>;

export type AssemblyAIStreamingModelId = keyof typeof ASSEMBLYAI_STREAMING_MODELS | (string & {});

/** True when the streaming model takes `language_codes`. */
export function streamingModelTakesLanguageCodes(model: string): boolean {
  const info = (ASSEMBLYAI_STREAMING_MODELS as Record<string, AssemblyAIStreamingModelInfo>)[model];
  return info?.languageCodes ?? ['universal-3-5-pro', 'universal-3-6', 'universal-3-6-pro'].includes(model);
}

/** `speech_models` for a request: the chosen model first, then the fallbacks it lacks. */
export function speechModelsFor(model: string, fallbacks: readonly string[]): string[] {
  return [model, ...fallbacks.filter((fallback) => fallback !== model)];
}
