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
import { z } from 'zod';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { OpenAICompatibleModel } from './openai-compatible-model.js';

export interface OpenAICompatibleSttConfig extends OpenAICompatibleModelConfig {
  /**
   * Whether a model gives word timings: Whisper does, in verbose_json; the gpt-4o
   * transcribe models offer plain json only. The vendor's catalogue decides.
   */
  wordTimings(modelId: string): boolean;
}

/** The fields we read from a transcription (json or verbose_json). */
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

export function audioToUpload(audio: AudioInput): { bytes: Uint8Array; filename: string; type: string } {
  if ('samples' in audio) return { bytes: encodeWavFrame(audio), filename: 'audio.wav', type: 'audio/wav' };
  const type = audio.mimeType.split(';')[0]?.trim().toLowerCase() ?? 'application/octet-stream';
  return { bytes: audio.data, filename: `audio.${EXTENSIONS[type] ?? 'bin'}`, type };
}

/**
 * Transcription (`POST {baseURL}/audio/transcriptions`): whole utterances;
 * `stream()` buffers until finalize() and transcribes then.
 */
export class OpenAICompatibleStt extends OpenAICompatibleModel<OpenAICompatibleSttConfig> implements STT {
  readonly capabilities: SttCapabilities;

  constructor(modelId: string, config: OpenAICompatibleSttConfig) {
    super(modelId, config);
    this.capabilities = {
      streaming: false,
      interimResults: false,
      wordTimings: config.wordTimings(modelId),
      endOfTurn: false,
    };
  }

  async transcribe(
    audio: AudioInput,
    options: Omit<SttOptions, 'sampleRate'> & CallOptions = {},
  ): Promise<SttTranscript> {
    const model = options.model ?? this.modelId;
    const verbose = this.config.wordTimings(model);
    const upload = audioToUpload(audio);
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.config.timeoutMs);
    let raw: unknown;
    try {
      const aborted = call.abortError();
      if (aborted) throw aborted;
      const file = new File([upload.bytes], upload.filename, { type: upload.type });
      raw = await this.config.client.audio.transcriptions.create(
        {
          file,
          model,
          ...(verbose
            ? { response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'] }
            : { response_format: 'json' }),
          // Whisper takes ISO-639-1 (`en`), not a full BCP-47 tag.
          ...(options.language ? { language: options.language.split('-')[0]?.toLowerCase() } : {}),
          // Whisper's prompt steers spelling of names and terms.
          ...(options.keywords && options.keywords.length > 0 ? { prompt: options.keywords.join(', ') } : {}),
        },
        { signal: call.signal },
      );
    } catch (error) {
      throw this.failure(call, error);
    } finally {
      call.dispose();
    }
    return toTranscript(raw, this.provider);
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

export function toTranscript(raw: unknown, vendor: string): SttTranscript {
  const parsed = transcriptionSchema.safeParse(typeof raw === 'string' ? { text: raw } : raw);
  if (!parsed.success) {
    throw new VendorError({
      kind: 'unavailable',
      vendor,
      message: `${vendor}: unreadable transcription response`,
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
    // Whisper reports log-probabilities per segment; their mean, exponentiated, is a usable 0..1 confidence.
    confidence:
      logprobs.length > 0
        ? Math.min(1, Math.exp(logprobs.reduce((a, b) => a + b, 0) / logprobs.length))
        : undefined,
    language: language ?? undefined,
    durationMs: typeof duration === 'number' ? Math.round(duration * 1000) : undefined,
  };
}
