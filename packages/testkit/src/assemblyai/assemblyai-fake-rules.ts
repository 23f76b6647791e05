/**
 * What AssemblyAI checks in a transcript request and a streaming connection,
 * and how it answers. From AssemblyAI's pages and its SDK (assemblyai 4.41.5),
 * not from our client; each rule names its source.
 */

/**
 * Pre-recorded models `speech_models` takes on 2026-12-01
 * (assemblyai.com/docs/getting-started/model-versions-and-deprecations and
 * .../pre-recorded-audio/assemblyai-stt-3-7-migration-guide): assemblyai-stt-3-7 (latest),
 * universal-3-5-pro (deprecated, still served), universal-2. `best`, `nano`, `slam-1`,
 * `universal-3-pro` and the old `universal` are no longer accepted.
 */
export const acceptedAsyncModels = ['assemblyai-stt-3-7', 'universal-3-5-pro', 'universal-2'] as const;

/**
 * The API's answer to the singular field, as quoted from a live response in
 * github.com/FujiwaraChoki/supoclip/issues/11 (2026-03-05).
 */
export const SPEECH_MODEL_DEPRECATED =
  'speech_model is deprecated. Use "speech_models" instead. See documentation: https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model';

/** A `POST /v2/transcript` body checked as AssemblyAI does; the `{error}` message, or undefined. */
export function transcriptRequestProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.audio_url !== 'string' || body.audio_url === '') return 'audio_url is required';
  if ('speech_model' in body) return SPEECH_MODEL_DEPRECATED;
  // keyterms_prompt is a list of phrases (docs: keyterms prompting).
  const keyterms = body.keyterms_prompt;
  if (keyterms !== undefined && (!Array.isArray(keyterms) || !keyterms.every((k) => typeof k === 'string'))) {
    return 'keyterms_prompt must be an array of strings';
  }
  const models = body.speech_models;
  // Omitted: the account's default model (model-versions-and-deprecations, "Default model change").
  if (models === undefined) return undefined;
  if (!Array.isArray(models) || models.length === 0 || !models.every((m) => typeof m === 'string')) {
    return 'speech_models must be a non-empty array of model names';
  }
  const unknown = models.filter((m) => !(acceptedAsyncModels as readonly string[]).includes(m as string));
  if (unknown.length > 0) {
    // The wording is ours; that the error lists the accepted models is from the @ai-sdk/assemblyai 3.0.85 release notes.
    return `Invalid speech_models: ${unknown.join(', ')}. Accepted models: ${acceptedAsyncModels.join(', ')}`;
  }
  return undefined;
}

/**
 * Streaming models (`StreamingSpeechModel` in the SDK's src/types/streaming/index.ts).
 * `language_codes` is "Universal-3.5 Pro Streaming only" (same file, `languageCodes`).
 */
const streamingModels = new Set([
  'universal-streaming-english',
  'universal-streaming-multilingual',
  'u3-rt-pro',
  'u3-rt-pro-beta-1',
  'whisper-rt',
  'universal-3-5-pro',
  'universal-3-6',
  'universal-3-6-pro',
  'u3-pro',
]);
const languageCodeModels = new Set([
  'u3-rt-pro',
  'u3-pro',
  'universal-3-5-pro',
  'universal-3-6',
  'universal-3-6-pro',
]);
/** Encodings of a raw stream (docs: streaming audio formats; SDK `AudioEncoding`). */
const streamingEncodings = new Set(['pcm_s16le', 'pcm_mulaw', 'opus', 'ogg_opus', 'aac']);

export interface StreamingRefusal {
  /** Close codes of the SDK's src/utils/errors/streaming.ts. */
  code: 3006 | 4000;
  reason: string;
}

/** The query of `wss …/v3/ws`, checked before Begin; a refusal, or undefined. */
export function streamingQueryProblem(query: URLSearchParams): StreamingRefusal | undefined {
  const invalid = (reason: string): StreamingRefusal => ({ code: 3006, reason });
  // "speech_model is required … If you omit speech_model, the request will fail" (docs/streaming/universal-streaming).
  const model = query.get('speech_model');
  if (model === null) return invalid('speech_model is required');
  if (!streamingModels.has(model)) return invalid(`Unknown speech_model: ${model}`);
  // sample_rate defaults to 16000 (same page, connection parameters); 4000 is "bad sample rate".
  const sampleRate = query.get('sample_rate');
  if (
    sampleRate !== null &&
    (!/^\d+$/.test(sampleRate) || Number(sampleRate) < 8000 || Number(sampleRate) > 48000)
  ) {
    return { code: 4000, reason: 'Sample rate must be a positive integer' };
  }
  const encoding = query.get('encoding');
  if (encoding !== null && !streamingEncodings.has(encoding))
    return invalid(`Unsupported encoding: ${encoding}`);
  for (const name of ['format_turns', 'language_detection', 'speaker_labels']) {
    const value = query.get(name);
    if (value !== null && value !== 'true' && value !== 'false')
      return invalid(`${name} must be true or false`);
  }
  for (const name of ['min_turn_silence', 'max_turn_silence', 'inactivity_timeout']) {
    const value = query.get(name);
    if (value !== null && !/^\d+$/.test(value))
      return invalid(`${name} must be a whole number of milliseconds`);
  }
  const threshold = query.get('end_of_turn_confidence_threshold');
  if (threshold !== null && !(Number(threshold) >= 0 && Number(threshold) <= 1)) {
    return invalid('end_of_turn_confidence_threshold must be between 0 and 1');
  }
  const keyterms = query.get('keyterms_prompt');
  if (keyterms !== null && !isStringArrayJson(keyterms))
    return invalid('keyterms_prompt must be a JSON array of strings');
  const languageCodes = query.get('language_codes');
  if (languageCodes !== null) {
    if (!isStringArrayJson(languageCodes)) return invalid('language_codes must be a JSON array of strings');
    if (!languageCodeModels.has(model)) return invalid(`language_codes is not supported by ${model}`);
  }
  return undefined;
}

function isStringArrayJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  } catch {
    return false;
  }
}
