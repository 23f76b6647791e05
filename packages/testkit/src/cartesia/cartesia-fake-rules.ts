import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * What Cartesia checks in a generation request (`POST /tts/bytes` and each
 * websocket message), and the error it answers. Taken from Cartesia's pages,
 * not from our client; each rule names its source.
 */

/**
 * Models served after 2026-06-01, base names and snapshots.
 * Source: docs.cartesia.ai/build-with-cartesia/tts-models/api-changes ("stable offerings"),
 * .../tts-models/older-models, .../tts-models/sonic-3-5, changelog 2026 (`sonic-3-latest`).
 * Value: the languages each still speaks.
 */
const SONIC_3 =
  'en de es fr ja pt zh hi ko it nl pl ru sv tr tl bg ro ar cs el fi hr ms sk da ta uk hu no vi bn th he ka id te gu kn ml mr pa';
const SONIC_2 = 'en de es fr ja ko pt zh';
const servedModels: Record<string, readonly string[]> = Object.fromEntries(
  [
    ['sonic-3.5', SONIC_3],
    ['sonic-3-latest', SONIC_3],
    ['sonic-latest', SONIC_3],
    ['sonic-3', SONIC_3],
    ['sonic-3-2026-01-12', SONIC_3],
    ['sonic-3-2025-10-27', SONIC_3],
    ['sonic-2', SONIC_2],
    ['sonic-2-2025-06-11', SONIC_2],
    ['sonic-2-2025-05-08', SONIC_2],
    ['sonic-2-2025-04-16', SONIC_2],
    ['sonic-turbo', `${SONIC_2} hi`],
    ['sonic-turbo-2025-06-04', `${SONIC_2} hi`],
  ].map(([id, languages]) => [id as string, (languages as string).split(' ')]),
);

/** Stopped serving on 2026-06-01; they answer `model_sunsetted` (api-changes page, "fully deprecated"). */
const sunsettedModels = new Set([
  'sonic',
  'sonic-english',
  'sonic-multilingual',
  'sonic-2-2025-03-07',
  'sonic-turbo-2025-03-07',
]);

/** Raw/WAV sample rates and encodings (api-reference/tts/bytes `output_format`; SDK `RawOutputFormat`). */
const sampleRates = [8000, 16000, 22050, 24000, 44100, 48000] as const;
const pcmEncodings = ['pcm_f32le', 'pcm_s16le', 'pcm_mulaw', 'pcm_alaw'] as const;

/** One failure, in Cartesia's structured error shape (docs.cartesia.ai/use-the-api/api-errors). */
export interface CartesiaFakeError {
  status: number;
  error_code: string | null;
  title: string;
  message: string;
}

export const outputFormatSchema = z.discriminatedUnion('container', [
  z.strictObject({
    container: z.literal('raw'),
    encoding: z.enum(pcmEncodings),
    sample_rate: z.literal(sampleRates),
  }),
  z.strictObject({
    container: z.literal('wav'),
    encoding: z.enum(pcmEncodings),
    sample_rate: z.literal(sampleRates),
  }),
  // MP3 takes a bit rate instead of an encoding (SDK `MP3OutputFormat`).
  z.strictObject({
    container: z.literal('mp3'),
    sample_rate: z.literal(sampleRates),
    bit_rate: z.number().int().positive(),
  }),
]);

/**
 * Voice: an id string (API 2026-08-14) or `{mode: "id", id}` / `{id}`. Embeddings were
 * refused from 2026-06-01 (api-changes page, "incompatible API changes").
 */
const voiceSchema = z.union([
  z.string().min(1),
  z.object({ mode: z.literal('id').optional(), id: z.string().min(1) }),
]);

/** speed 0.6–1.5, volume 0.5–2.0 (build-with-cartesia/capability-guides/volume-speed-emotion). */
const generationConfigSchema = z.strictObject({
  speed: z.number().min(0.6).max(1.5).optional(),
  volume: z.number().min(0.5).max(2.0).optional(),
  emotion: z.string().min(1).optional(),
});

export const generationRequestSchema = z.object({
  model_id: z.string().min(1),
  transcript: z.string(),
  voice: voiceSchema,
  output_format: outputFormatSchema,
  context_id: z.string().min(1).optional(),
  continue: z.boolean().nullish(),
  flush: z.boolean().nullish(),
  add_timestamps: z.boolean().nullish(),
  add_phoneme_timestamps: z.boolean().nullish(),
  language: z.string().nullish(),
  generation_config: generationConfigSchema.optional(),
  // websocket contexts: 0–5000 ms (api-reference/tts/websocket).
  max_buffer_delay_ms: z.number().int().min(0).max(5000).nullish(),
  pronunciation_dict_id: z.string().nullish(),
});

export type GenerationRequest = z.infer<typeof generationRequestSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

const invalid = (message: string): CartesiaFakeError => ({
  status: 400,
  error_code: 'invalid_request',
  title: 'Invalid request',
  message,
});

/** A generation request checked the way Cartesia checks it; the request or the error it gets. */
export function checkGenerationRequest(
  body: unknown,
  where: 'bytes' | 'websocket',
): { request: GenerationRequest } | { error: CartesiaFakeError } {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const voice = record.voice as { mode?: unknown } | undefined;
  if (typeof voice === 'object' && voice !== null && voice.mode === 'embedding') {
    return { error: invalid('Voice embeddings are no longer accepted; use {"mode": "id", "id": ...}.') };
  }
  const parsed = generationRequestSchema.safeParse(body);
  if (!parsed.success) return { error: invalid(describeIssues(parsed.error)) };
  const request = parsed.data;
  if (sunsettedModels.has(request.model_id)) {
    // The body is the api-changes page's example; the HTTP status is not documented (400 assumed).
    return {
      error: {
        status: 400,
        error_code: 'model_sunsetted',
        title: 'Model sunsetted',
        message: 'The requested model has been sunsetted and is no longer available.',
      },
    };
  }
  const languages = servedModels[request.model_id];
  if (!languages) {
    // vendor-wire.md section 5: `{"title":"Invalid model", "error_code":"model_not_found"}`.
    return {
      error: {
        status: 400,
        error_code: 'model_not_found',
        title: 'Invalid model',
        message: `Model ${request.model_id} does not exist.`,
      },
    };
  }
  if (request.language && !languages.includes(request.language)) {
    return { error: invalid(`Language ${request.language} is not supported by ${request.model_id}.`) };
  }
  // The websocket streams raw audio only (SDK `ContextOptions.output_format: RawOutputFormat`).
  if (where === 'websocket' && request.output_format.container !== 'raw') {
    return { error: invalid('output_format.container must be raw on the websocket.') };
  }
  // A one-shot request needs something to say (Cartesia's error-handling example: empty transcript → 400).
  if (where === 'bytes' && request.transcript.trim() === '') {
    return { error: invalid('transcript must not be empty.') };
  }
  return { request };
}

/**
 * Fields that must be the same on every input of one context: all except
 * transcript, continue and duration (use-the-api/tts-websocket/contexts, "Input Format").
 * `flush` and `context_id` are how a message is addressed, not what it asks for.
 */
export function contextFields(message: Record<string, unknown>): string {
  const { transcript, continue: _continue, duration, flush, context_id, ...rest } = message;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * The HTTP error body for this API version: structured JSON from 2026-03-01, the
 * plain `Title: Message` text before (use-the-api/api-errors).
 */
export function httpErrorBody(
  error: CartesiaFakeError,
  version: string,
): { contentType: string; body: string } {
  if (version >= '2026-03-01') {
    const { status: _status, ...fields } = error;
    return {
      contentType: 'application/json',
      body: JSON.stringify({ ...fields, request_id: randomUUID() }),
    };
  }
  return { contentType: 'text/plain', body: `${error.title}: ${error.message}` };
}

/** The websocket error event (use-the-api/api-errors, "WebSocket error event object"). */
export function wsErrorEvent(
  error: CartesiaFakeError,
  contextId: string | undefined,
): Record<string, unknown> {
  return {
    type: 'error',
    done: true,
    status_code: error.status,
    error_code: error.error_code,
    title: error.title,
    message: error.message,
    request_id: randomUUID(),
    ...(contextId ? { context_id: contextId } : {}),
  };
}
