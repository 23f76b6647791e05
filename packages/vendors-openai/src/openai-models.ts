/**
 * The one catalogue of OpenAI models this package knows: the defaults it uses and
 * what each known id can do. Checked against the `openai` SDK 6.49 type unions
 * (resources/shared.d.ts `ChatModel`, resources/audio/audio.d.ts `AudioModel`,
 * resources/audio/speech.d.ts `SpeechModel`) and platform.openai.com/docs/models.
 * Any other id still works (compatible servers serve their own); the catalogue
 * only decides defaults and capabilities.
 */
export const OPENAI_MODELS_CHECKED = '2026-12-01';

export interface OpenAIChatModelInfo {
  streaming: boolean;
  /** `response_format: {type: 'json_schema', strict: true}` (Structured Outputs). */
  jsonSchema: boolean;
  jsonObject: boolean;
  /** Reasoning models: no temperature/top_p, only `max_completion_tokens`. */
  reasoning: boolean;
}

const chat = (reasoning: boolean): OpenAIChatModelInfo => ({
  streaming: true,
  jsonSchema: true,
  jsonObject: true,
  reasoning,
});

export const openAIChatModels = {
  // A non-reasoning model: the lowest time to first token for a spoken turn.
  'gpt-4.1-mini': chat(false),
  'gpt-4.1': chat(false),
  'gpt-4.1-nano': chat(false),
  'gpt-4o-mini': chat(false),
  'gpt-4o': chat(false),
  'gpt-5.4': chat(true),
  'gpt-5.4-mini': chat(true),
  'gpt-5.4-nano': chat(true),
  'gpt-5.2': chat(true),
  'gpt-5.1': chat(true),
  'gpt-5': chat(true),
  'gpt-5-mini': chat(true),
  'gpt-5-nano': chat(true),
  o3: chat(true),
  'o4-mini': chat(true),
} as const satisfies Record<string, OpenAIChatModelInfo>;

export interface OpenAITranscriptionModelInfo {
  /** `stream: true` on /audio/transcriptions (not whisper-1). */
  streaming: boolean;
  /** verbose_json with `timestamp_granularities[]=word`. */
  wordTimestamps: boolean;
  responseFormats: readonly string[];
}

export const openAITranscriptionModels = {
  'whisper-1': {
    streaming: false,
    wordTimestamps: true,
    responseFormats: ['json', 'text', 'srt', 'verbose_json', 'vtt'],
  },
  'gpt-4o-transcribe': { streaming: true, wordTimestamps: false, responseFormats: ['json'] },
  'gpt-4o-mini-transcribe': { streaming: true, wordTimestamps: false, responseFormats: ['json'] },
  'gpt-4o-mini-transcribe-2025-12-15': { streaming: true, wordTimestamps: false, responseFormats: ['json'] },
} as const satisfies Record<string, OpenAITranscriptionModelInfo>;

export interface OpenAISpeechModelInfo {
  /** Accepts `instructions` (voice style). */
  instructions: boolean;
}

export const openAISpeechModels = {
  'gpt-4o-mini-tts': { instructions: true },
  'gpt-4o-mini-tts-2025-12-15': { instructions: true },
  'tts-1': { instructions: false },
  'tts-1-hd': { instructions: false },
} as const satisfies Record<string, OpenAISpeechModelInfo>;

/** Built-in voices (speech.d.ts `voice`). */
export const openAIVoices = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'onyx',
  'nova',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
] as const;

export const OPENAI_DEFAULT_CHAT_MODEL = 'gpt-4.1-mini';
export const OPENAI_DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
/** whisper-1: the one OpenAI transcription model with word timings. */
export const OPENAI_DEFAULT_TRANSCRIPTION_MODEL = 'whisper-1';
export const OPENAI_DEFAULT_SPEECH_MODEL = 'gpt-4o-mini-tts';
export const OPENAI_DEFAULT_VOICE = 'alloy';

const has = <K extends string>(table: Record<K, unknown>, id: string): id is K => Object.hasOwn(table, id);

/** What a chat model id supports; undefined for an id this catalogue does not list. */
export function openAIChatModel(id: string): OpenAIChatModelInfo | undefined {
  if (has(openAIChatModels, id)) return openAIChatModels[id];
  // Dated snapshots (`gpt-4.1-mini-2025-04-14`) share their family's capabilities.
  const family = id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return family !== id && has(openAIChatModels, family) ? openAIChatModels[family] : undefined;
}

/** Is this an id OpenAI itself serves (any capability)? Used to spot another vendor's model. */
export function isOpenAIModelId(id: string): boolean {
  return (
    openAIChatModel(id) !== undefined || has(openAITranscriptionModels, id) || has(openAISpeechModels, id)
  );
}

/**
 * Reasoning models refuse sampling parameters such as temperature; the catalogue
 * knows, and the id pattern covers ids it does not list yet.
 */
export const isOpenAIReasoningModel = (id: string): boolean =>
  openAIChatModel(id)?.reasoning ?? /^(o\d|gpt-5)(?!-chat)/.test(id);

/** Word timings come only in verbose_json, which Whisper offers; an id the catalogue does not list is judged by its name. */
export const openAITranscriptionWordTimings = (id: string): boolean =>
  has(openAITranscriptionModels, id)
    ? openAITranscriptionModels[id].wordTimestamps
    : id.startsWith('whisper');

/** `instructions` (voice style) is accepted by the gpt-4o-mini-tts models, not by tts-1 and tts-1-hd. */
export const openAISpeechInstructions = (id: string): boolean =>
  has(openAISpeechModels, id) ? openAISpeechModels[id].instructions : !id.startsWith('tts-1');
