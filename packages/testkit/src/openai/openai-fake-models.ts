/**
 * The model ids the fake serves, taken from each vendor's documents (not from our
 * client's catalogue, so the two cannot share a mistake).
 */

/** OpenAI chat models: platform.openai.com/docs/models and the `ChatModel` union in openai 6.49 (resources/shared.d.ts). */
export const OPENAI_CHAT_MODELS = new Set([
  'gpt-5.4',
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-5.2',
  'gpt-5.1',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5-chat-latest',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-4o',
  'gpt-4o-mini',
  'o3',
  'o3-mini',
  'o4-mini',
  'o1',
]);

/**
 * Reasoning models: "max_tokens is not supported with this model. Use
 * max_completion_tokens" and only the default temperature (platform.openai.com/docs/guides/reasoning).
 */
export const isOpenAiReasoningModel = (model: string) => /^(o\d|gpt-5)(?!-chat)/.test(model);

/** Dated snapshots (`gpt-4o-mini-2024-07-18`) are served under their family. */
export function knownOpenAiChatModel(model: string): boolean {
  return OPENAI_CHAT_MODELS.has(model) || OPENAI_CHAT_MODELS.has(model.replace(/-\d{4}-\d{2}-\d{2}$/, ''));
}

/** resources/audio/audio.d.ts `AudioModel`; the gpt-4o models answer `json` (or `text`) only. */
export const OPENAI_TRANSCRIPTION_FORMATS: ReadonlyMap<string, readonly string[]> = new Map([
  ['whisper-1', ['json', 'text', 'srt', 'verbose_json', 'vtt']],
  ['gpt-4o-transcribe', ['json', 'text']],
  ['gpt-4o-mini-transcribe', ['json', 'text']],
  ['gpt-4o-mini-transcribe-2025-12-15', ['json', 'text']],
  ['gpt-4o-transcribe-diarize', ['json', 'text', 'diarized_json']],
]);

/**
 * resources/audio/speech.d.ts `SpeechModel` and its `voice` list. Kept apart from
 * vendors-openai's catalogue on purpose: a fake copied from the client would share its mistakes.
 */
export const OPENAI_SPEECH_MODELS = new Set([
  'tts-1',
  'tts-1-hd',
  'gpt-4o-mini-tts',
  'gpt-4o-mini-tts-2025-12-15',
]);
export const OPENAI_VOICES = new Set([
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
]);
export const OPENAI_SPEECH_FORMATS = new Set(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']);

export const OPENAI_MODERATION_MODELS = new Set(['omni-moderation-latest', 'text-moderation-latest']);

/**
 * Groq chat models (console.groq.com/docs/models) and whether each accepts
 * `response_format: json_schema` (console.groq.com/docs/structured-outputs,
 * "Supported models"); the others have JSON object mode only.
 */
export const GROQ_CHAT_MODELS: ReadonlyMap<string, { jsonSchema: boolean; strict: boolean }> = new Map([
  ['llama-3.3-70b-versatile', { jsonSchema: false, strict: false }],
  ['llama-3.1-8b-instant', { jsonSchema: false, strict: false }],
  ['qwen/qwen3-32b', { jsonSchema: false, strict: false }],
  ['openai/gpt-oss-120b', { jsonSchema: true, strict: true }],
  ['openai/gpt-oss-20b', { jsonSchema: true, strict: true }],
  ['meta-llama/llama-4-scout-17b-16e-instruct', { jsonSchema: true, strict: false }],
  ['meta-llama/llama-4-maverick-17b-128e-instruct', { jsonSchema: true, strict: false }],
  ['moonshotai/kimi-k2-instruct-0905', { jsonSchema: true, strict: false }],
]);

/** console.groq.com/docs/speech-to-text: Groq's two Whisper models. */
export const GROQ_TRANSCRIPTION_MODELS = new Set(['whisper-large-v3', 'whisper-large-v3-turbo']);
/** Groq's transcription response formats (json, text, verbose_json). */
export const GROQ_TRANSCRIPTION_FORMATS = ['json', 'text', 'verbose_json'] as const;

/** Audio containers both vendors accept (speech-to-text guides: "File uploads ... flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm"). */
export const AUDIO_UPLOAD_EXTENSIONS = new Set([
  'flac',
  'mp3',
  'mp4',
  'mpeg',
  'mpga',
  'm4a',
  'ogg',
  'opus',
  'wav',
  'webm',
]);
