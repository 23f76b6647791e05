import { encodeWavFrame } from '@bot-backend/audio';
import {
  type AudioInput,
  type CallOptions,
  type STT,
  type SttCapabilities,
  type SttOptions,
  type SttSession,
  type SttTranscript,
  VendorError,
} from '@bot-backend/interfaces';
import { BufferedSttSession, startCall } from '@bot-backend/vendor-kit';
import type Groq from 'groq-sdk';
import { toFile } from 'groq-sdk';
import { z } from 'zod';
import { groqErrorToVendorError } from './groq-errors.js';
import type { GroqTranscriptionModelId } from './groq-options.js';

export interface GroqSttConfig {
  client: Groq;
  modelId: GroqTranscriptionModelId;
  provider?: string | undefined;
  timeoutMs?: number | undefined;
}

/** The fields we read from a verbose_json transcription. */
const transcriptionSchema = z.object({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).nullish(),
  segments: z.array(z.object({ avg_logprob: z.number().nullish() })).nullish(),
});

const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/flac': 'flac',
};

function audioToUpload(audio: AudioInput): { bytes: Uint8Array; filename: string; type: string } {
  if ('samples' in audio) return { bytes: encodeWavFrame(audio), filename: 'audio.wav', type: 'audio/wav' };
  const type = audio.mimeType.split(';')[0]?.trim().toLowerCase() ?? 'application/octet-stream';
  return { bytes: audio.data, filename: `audio.${EXTENSIONS[type] ?? 'bin'}`, type };
}

/**
 * Whisper on Groq (`POST /openai/v1/audio/transcriptions`): whole utterances
 * with word timings; `stream()` buffers until finalize() and transcribes then.
 */
export class GroqStt implements STT {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: GroqTranscriptionModelId;
  readonly capabilities: SttCapabilities = {
    streaming: false,
    interimResults: false,
    wordTimings: true,
    endOfTurn: false,
  };
  readonly #client: Groq;
  readonly #timeoutMs: number | undefined;

  constructor(config: GroqSttConfig) {
    this.#client = config.client;
    this.modelId = config.modelId;
    this.provider = config.provider ?? 'groq';
    this.#timeoutMs = config.timeoutMs;
  }

  async transcribe(
    audio: AudioInput,
    options: Omit<SttOptions, 'sampleRate'> & CallOptions = {},
  ): Promise<SttTranscript> {
    const upload = audioToUpload(audio);
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    let raw: unknown;
    try {
      const aborted = call.abortError();
      if (aborted) throw aborted;
      const file = await toFile(upload.bytes, upload.filename, { type: upload.type });
      raw = await this.#client.audio.transcriptions.create(
        {
          file,
          model: options.model ?? this.modelId,
          response_format: 'verbose_json',
          timestamp_granularities: ['word', 'segment'],
          // Whisper takes ISO-639-1 (`en`), not a full BCP-47 tag.
          ...(options.language ? { language: options.language.split('-')[0]?.toLowerCase() } : {}),
          // Whisper's prompt steers spelling of names and terms.
          ...(options.keywords && options.keywords.length > 0 ? { prompt: options.keywords.join(', ') } : {}),
        },
        { signal: call.signal },
      );
    } catch (error) {
      throw call.abortError() ?? groqErrorToVendorError(error, this.provider);
    } finally {
      call.dispose();
    }
    const parsed = transcriptionSchema.safeParse(typeof raw === 'string' ? { text: raw } : raw);
    if (!parsed.success) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: this.provider,
        message: `${this.provider}: unreadable transcription response`,
      });
    }
    const { text, words, segments, language, duration } = parsed.data;
    const logprobs = (segments ?? []).flatMap((s) =>
      typeof s.avg_logprob === 'number' ? [s.avg_logprob] : [],
    );
    return {
      text: text.trim(),
      words: (words ?? []).map((w) => ({
        word: w.word,
        startMs: Math.round(w.start * 1000),
        endMs: Math.round(w.end * 1000),
      })),
      // Mean segment log-probability, exponentiated: a usable 0..1 confidence.
      confidence:
        logprobs.length > 0
          ? Math.min(1, Math.exp(logprobs.reduce((a, b) => a + b, 0) / logprobs.length))
          : undefined,
      language: language ?? undefined,
      durationMs: typeof duration === 'number' ? Math.round(duration * 1000) : undefined,
    };
  }

  stream(options: SttOptions): SttSession {
    return new BufferedSttSession({
      vendor: this.provider,
      sampleRate: options.sampleRate,
      signal: options.signal,
      transcribe: (audio, signal) =>
        this.transcribe(audio, {
          language: options.language,
          model: options.model,
          keywords: options.keywords,
          timeoutMs: options.timeoutMs,
          signal,
        }),
    });
  }
}
