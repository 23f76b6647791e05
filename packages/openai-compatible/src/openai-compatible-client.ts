/**
 * The parts of a Stainless-generated SDK client the core calls: `openai`'s `OpenAI` and
 * `groq-sdk`'s `Groq` both satisfy these as they are. Bodies are the core's wire shapes;
 * vendor fields ride along in the index signature, and the SDK sends the body as given.
 * Methods (not function properties) so that each SDK's richer parameter types still match.
 */

import type { WireMessage } from './openai-compatible-chat-wire.js';

/** The per-request options the core passes: only the abort signal. */
export interface OpenAICompatibleRequestOptions {
  signal?: AbortSignal | undefined;
}

/** A chat completion body, `stream` decided per call. */
export interface OpenAICompatibleChatBody {
  model: string;
  messages: WireMessage[];
  [vendorField: string]: unknown;
}

export interface OpenAICompatibleTranscriptionBody {
  /** A `File` (Node 20's global), which every Stainless SDK uploads as multipart. */
  file: File;
  model: string;
  response_format: 'json' | 'verbose_json';
  timestamp_granularities?: Array<'word' | 'segment'>;
  language?: string;
  prompt?: string;
}

export interface OpenAICompatibleSpeechBody {
  model: string;
  voice: string;
  input: string;
  response_format: 'pcm';
  speed?: number;
  instructions?: string;
}

/** Chat and transcription, which every compatible vendor here has. */
export interface OpenAICompatibleClient {
  chat: {
    completions: {
      create(
        body: OpenAICompatibleChatBody & { stream: false },
        options: OpenAICompatibleRequestOptions,
      ): PromiseLike<unknown>;
      create(
        body: OpenAICompatibleChatBody & { stream: true },
        options: OpenAICompatibleRequestOptions,
      ): PromiseLike<AsyncIterable<unknown>>;
    };
  };
  audio: {
    transcriptions: {
      create(
        body: OpenAICompatibleTranscriptionBody,
        options: OpenAICompatibleRequestOptions,
      ): PromiseLike<unknown>;
    };
  };
}

/** A client whose vendor also has `/audio/speech` with 24 kHz `pcm` (OpenAI; Groq's speech has no pcm). */
export interface OpenAICompatibleSpeechClient extends OpenAICompatibleClient {
  audio: OpenAICompatibleClient['audio'] & {
    speech: {
      create(
        body: OpenAICompatibleSpeechBody,
        options: OpenAICompatibleRequestOptions,
      ): PromiseLike<Response>;
    };
  };
}
