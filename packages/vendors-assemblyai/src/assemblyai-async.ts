import { encodeWavFrame } from '@bot-backend/audio';
import type { AudioInput, CallOptions, SttTranscript, VendorError } from '@bot-backend/interfaces';
import { type CallControl, startCall } from '@bot-backend/vendor-kit';
import type { z } from 'zod';
import { abortError, httpError, jobError, networkError } from './assemblyai-errors.js';
import { speechModelsFor } from './assemblyai-models.js';
import { type ResolvedAssemblyAISettings, toAssemblyAILanguage } from './assemblyai-options.js';
import {
  errorBodySchema,
  type Transcript,
  transcriptSchema,
  uploadResponseSchema,
} from './assemblyai-wire.js';

export interface AsyncTranscribeOptions extends CallOptions {
  model?: string | undefined;
  language?: string | undefined;
  keywords?: readonly string[] | undefined;
}

const vendor = 'assemblyai';

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * AssemblyAI async transcription: upload, submit, poll with backoff.
 *
 * These three calls use `fetch` directly rather than the SDK's
 * `transcripts.transcribe`: the SDK's REST methods take no AbortSignal and
 * throw bare `Error(message)` without the HTTP status, so a cancel could not
 * stop the request and a 429 could not be told from a 500. The wire format
 * (paths, `Authorization: <key>`, JSON bodies) is the SDK's own.
 */
export class AssemblyAIAsyncTranscriber {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly settings: ResolvedAssemblyAISettings) {
    this.fetch = settings.fetch ?? globalThis.fetch;
    this.sleep = settings.sleep ?? defaultSleep;
    this.now = settings.now ?? Date.now;
  }

  async transcribe(audio: AudioInput, options: AsyncTranscribeOptions = {}): Promise<SttTranscript> {
    // The whole job stops when the caller cancels; each request also has its own first-byte timer.
    const job = startCall(vendor, options.signal, undefined);
    try {
      const call = <T extends z.ZodType>(path: string, init: RequestInit, schema: T) =>
        this.request(path, init, schema, job, options.timeoutMs ?? this.settings.timeoutMs);
      if (job.reason) throw abortError(job.reason);
      // PCM needs a container for an uploaded file; encoded audio already has one.
      const bytes = 'samples' in audio ? encodeWavFrame(audio) : audio.data;
      const upload = await call(
        '/v2/upload',
        { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes },
        uploadResponseSchema,
      );
      const language = options.language ?? this.settings.language;
      const keywords = options.keywords && options.keywords.length > 0 ? [...options.keywords] : undefined;
      let transcript = await call(
        '/v2/transcript',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            audio_url: upload.upload_url,
            // `speech_models`, in priority order: the singular `speech_model` is refused now.
            speech_models: speechModelsFor(
              options.model ?? this.settings.defaultModel,
              this.settings.fallbackModels,
            ),
            punctuate: true,
            format_text: true,
            ...(language ? { language_code: toAssemblyAILanguage(language) } : { language_detection: true }),
            ...(keywords ? { keyterms_prompt: keywords } : {}),
          }),
        },
        transcriptSchema,
      );
      const started = this.now();
      let interval = this.settings.pollIntervalMs;
      while (transcript.status !== 'completed' && transcript.status !== 'error') {
        if (this.settings.pollTimeoutMs !== undefined && this.now() - started > this.settings.pollTimeoutMs) {
          throw abortError('timeout');
        }
        try {
          await this.sleep(interval, job.signal);
        } catch (error) {
          throw abortError('cancelled', error);
        }
        interval = Math.min(Math.round(interval * 1.5), this.settings.maxPollIntervalMs);
        transcript = await call(
          `/v2/transcript/${encodeURIComponent(transcript.id)}`,
          { method: 'GET' },
          transcriptSchema,
        );
      }
      if (transcript.status === 'error') throw jobError(transcript.error ?? 'unknown error');
      return toSttTranscript(transcript, language);
    } finally {
      job.dispose();
    }
  }

  private async request<T extends z.ZodType>(
    path: string,
    init: RequestInit,
    schema: T,
    job: CallControl,
    timeoutMs: number | undefined,
  ): Promise<z.output<T>> {
    // timeoutMs bounds each request until its answer starts; the body and the job itself may take longer.
    const call = startCall(vendor, job.signal, timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.settings.baseUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: this.settings.apiKey },
        signal: call.signal,
      });
      call.firstByte();
      text = await response.text();
    } catch (error) {
      throw this.failure(error, call);
    } finally {
      call.dispose();
    }
    if (!response.ok) {
      let message = text.slice(0, 200) || response.statusText;
      try {
        const body = errorBodySchema.safeParse(JSON.parse(text));
        if (body.success) message = body.data.error;
      } catch {
        // Not JSON: keep the text.
      }
      throw httpError(response.status, message, response.headers);
    }
    return schema.parse(JSON.parse(text));
  }

  private failure(error: unknown, call: CallControl): VendorError {
    return call.reason ? abortError(call.reason, error) : networkError(error);
  }
}

function toSttTranscript(transcript: Transcript, requestedLanguage: string | undefined): SttTranscript {
  return {
    text: (transcript.text ?? '').trim(),
    words: (transcript.words ?? []).map((w) => ({
      word: w.text,
      startMs: w.start,
      endMs: w.end,
      confidence: w.confidence ?? undefined,
    })),
    confidence: transcript.confidence ?? undefined,
    language: transcript.language_code ?? requestedLanguage,
    durationMs:
      transcript.audio_duration === null || transcript.audio_duration === undefined
        ? undefined
        : transcript.audio_duration * 1000,
  };
}
