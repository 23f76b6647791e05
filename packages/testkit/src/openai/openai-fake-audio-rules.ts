import type { FormPart } from './multipart-form.js';
import { badParam, modelNotFound, type Vendor, type WireError } from './openai-fake-errors.js';
import {
  AUDIO_UPLOAD_EXTENSIONS,
  GROQ_TRANSCRIPTION_FORMATS,
  GROQ_TRANSCRIPTION_MODELS,
  OPENAI_SPEECH_FORMATS,
  OPENAI_SPEECH_MODELS,
  OPENAI_TRANSCRIPTION_FORMATS,
  OPENAI_VOICES,
} from './openai-fake-models.js';

/** "The maximum length is 4096 characters." (openai resources/audio/speech.d.ts `input`). */
export const SPEECH_MAX_INPUT = 4096;

/**
 * POST /audio/transcriptions: a file in a supported container, a model the vendor
 * serves, a response_format that model offers, and word timestamps only with
 * verbose_json (openai resources/audio/transcriptions.d.ts; console.groq.com/docs/speech-to-text).
 */
export function checkTranscriptionRequest(
  vendor: Vendor,
  form: readonly FormPart[],
  extraModels: ReadonlySet<string>,
): WireError | undefined {
  const field = (name: string) => form.find((part) => part.name === name)?.data.toString('utf8');
  const file = form.find((part) => part.name === 'file');
  if (!file || file.data.length === 0) return badParam(vendor, 'file', 'file is required');
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase();
  if (extension === undefined || !AUDIO_UPLOAD_EXTENSIONS.has(extension)) {
    return badParam(
      vendor,
      'file',
      `Invalid file format. Supported formats: ${JSON.stringify([...AUDIO_UPLOAD_EXTENSIONS])}`,
      'invalid_value',
    );
  }
  const model = field('model');
  if (model === undefined || model === '')
    return badParam(vendor, 'model', 'you must provide a model parameter');
  const formats: readonly string[] | undefined = extraModels.has(model)
    ? ['json', 'text', 'verbose_json']
    : vendor === 'groq'
      ? GROQ_TRANSCRIPTION_MODELS.has(model)
        ? GROQ_TRANSCRIPTION_FORMATS
        : undefined
      : OPENAI_TRANSCRIPTION_FORMATS.get(model);
  if (formats === undefined) return modelNotFound(vendor, model);
  const format = field('response_format') ?? 'json';
  if (!formats.includes(format)) {
    return badParam(
      vendor,
      'response_format',
      `response_format '${format}' is not compatible with model '${model}'. Use one of: ${formats.join(', ')}.`,
      'unsupported_value',
    );
  }
  const granularities = form.filter((part) => part.name === 'timestamp_granularities[]');
  if (granularities.length > 0 && format !== 'verbose_json') {
    return badParam(
      vendor,
      'timestamp_granularities',
      "timestamp_granularities requires response_format 'verbose_json'.",
      'invalid_value',
    );
  }
  const temperature = field('temperature');
  if (temperature !== undefined && !(Number(temperature) >= 0 && Number(temperature) <= 1)) {
    return badParam(
      vendor,
      'temperature',
      `Invalid 'temperature': expected a value from 0 to 1, but got ${temperature} instead.`,
      'invalid_value',
    );
  }
  return undefined;
}

/**
 * POST /audio/speech (openai resources/audio/speech.d.ts): a known model and
 * voice, input of 1–4096 characters, a supported format, speed 0.25–4.0, and
 * `instructions` only on the gpt-4o-mini-tts models.
 */
export function checkSpeechRequest(body: Record<string, unknown> | undefined): WireError | undefined {
  if (body === undefined)
    return badParam('openai', 'body', 'We could not parse the JSON body of your request.');
  const model = body.model;
  if (typeof model !== 'string' || model === '')
    return badParam('openai', 'model', 'you must provide a model parameter');
  if (!OPENAI_SPEECH_MODELS.has(model)) return modelNotFound('openai', model);
  const voice = body.voice;
  const customVoice =
    typeof voice === 'object' && voice !== null && typeof (voice as { id?: unknown }).id === 'string';
  if (!customVoice && !(typeof voice === 'string' && OPENAI_VOICES.has(voice))) {
    return badParam(
      'openai',
      'voice',
      `Invalid value for 'voice': '${String(voice)}'. Supported values are: ${[...OPENAI_VOICES].map((v) => `'${v}'`).join(', ')}.`,
      'invalid_value',
    );
  }
  const input = body.input;
  if (typeof input !== 'string' || input.length === 0) {
    return badParam(
      'openai',
      'input',
      "Invalid 'input': empty string. Expected a string with minimum length 1.",
      'empty_string',
    );
  }
  if (input.length > SPEECH_MAX_INPUT) {
    return badParam(
      'openai',
      'input',
      `Invalid 'input': string too long. Expected a string with maximum length ${SPEECH_MAX_INPUT}, but got a string with length ${input.length} instead.`,
      'string_above_max_length',
    );
  }
  const format = body.response_format ?? 'mp3';
  if (typeof format !== 'string' || !OPENAI_SPEECH_FORMATS.has(format)) {
    return badParam(
      'openai',
      'response_format',
      `Invalid value: '${String(format)}'. Supported values are: ${[...OPENAI_SPEECH_FORMATS].map((f) => `'${f}'`).join(', ')}.`,
      'invalid_value',
    );
  }
  const speed = body.speed;
  if (speed !== undefined && !(typeof speed === 'number' && speed >= 0.25 && speed <= 4)) {
    const above = typeof speed === 'number' && speed > 4;
    return badParam(
      'openai',
      'speed',
      `Invalid 'speed': decimal ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<= 4' : '>= 0.25'}, but got ${String(speed)} instead.`,
      above ? 'decimal_above_max_value' : 'decimal_below_min_value',
    );
  }
  if (body.instructions !== undefined && (model === 'tts-1' || model === 'tts-1-hd')) {
    return badParam(
      'openai',
      'instructions',
      `instructions are not supported with model '${model}'.`,
      'unsupported_parameter',
    );
  }
  return undefined;
}
