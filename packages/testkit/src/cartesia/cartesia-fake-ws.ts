import { WebSocket } from 'ws';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import type { FakeEncoding } from './cartesia-fake-audio.js';
import {
  type CartesiaFakeError,
  checkGenerationRequest,
  contextFields,
  type GenerationRequest,
  wsErrorEvent,
} from './cartesia-fake-rules.js';

/**
 * One `/tts/websocket` connection of the Cartesia fake: contexts with
 * continuations, as docs.cartesia.ai/use-the-api/tts-websocket/contexts describes them.
 */

/** One websocket connection as the fake saw it. */
export interface CartesiaFakeConnection {
  request: RecordedRequest;
  /** Client messages in arrival order, parsed from JSON. */
  messages: Record<string, unknown>[];
  closed: boolean;
  /** Contexts still generating: started, and neither `done` nor cancelled (an idle connection has none). */
  activeContexts: Set<string>;
}

export interface SynthesisBehaviour {
  chunkDelayMs: number;
  dropAfterChunks: number | undefined;
}

export interface CartesiaSocketEnv {
  /** Samples (float, -1..1) for this transcript, continuing the context's waveform at `cursor`. */
  synthesize(request: GenerationRequest, cursor: number): Float32Array;
  /** `samples[from, from + length)` in `encoding`, base64, as a `chunk` message carries it. */
  base64(samples: Float32Array, from: number, length: number, encoding: FakeEncoding): string;
  behaviour: SynthesisBehaviour;
  /** Samples per `chunk` message at this rate. */
  wsChunkSamples(sampleRate: number): number;
  firstChunkDelayMs: number;
  /** A context expires this long after its last audio (Cartesia: one second). */
  contextExpiryMs: number;
  chunkPause(behaviour: SynthesisBehaviour, audioMs: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** A scripted error for the next generation request, if any. */
  takeScriptedError(): Partial<CartesiaFakeError> | undefined;
  /** Timers to clear when the fake closes. */
  timers: Set<NodeJS.Timeout>;
}

interface FakeContext {
  cursor: number;
  chain: Promise<void>;
  /** The fields every later input must repeat. */
  fields: string;
  cancelled: boolean;
  /** `continue: false` arrived: no more input. */
  finished: boolean;
  expired: boolean;
  expiryTimer: NodeJS.Timeout | undefined;
  /** Generations queued or running. */
  busy: number;
  flushId: number;
}

export function serveCartesiaSocket(
  socket: WebSocket,
  connection: CartesiaFakeConnection,
  env: CartesiaSocketEnv,
): void {
  const contexts = new Map<string, FakeContext>();
  let chunksSent = 0;
  let generated = 0;
  socket.on('close', () => {
    connection.closed = true;
    for (const context of contexts.values()) clearExpiry(context);
  });

  const send = (message: Record<string, unknown>): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };
  const fail = (contextId: string | undefined, error: Partial<CartesiaFakeError>) =>
    send(
      wsErrorEvent(
        {
          status: error.status ?? 400,
          error_code: error.error_code ?? 'invalid_request',
          title: error.title ?? 'Invalid request',
          message: error.message ?? 'The request was invalid',
        },
        contextId,
      ),
    );

  const clearExpiry = (context: FakeContext) => {
    if (context.expiryTimer) {
      clearTimeout(context.expiryTimer);
      env.timers.delete(context.expiryTimer);
    }
    context.expiryTimer = undefined;
  };
  /** "Contexts automatically expire 1 second after the last audio output is streamed out." */
  const armExpiry = (context: FakeContext) => {
    clearExpiry(context);
    if (context.finished || context.busy > 0) return;
    const timer = setTimeout(() => {
      env.timers.delete(timer);
      context.expired = true;
    }, env.contextExpiryMs);
    env.timers.add(timer);
    context.expiryTimer = timer;
  };

  const generate = async (context: FakeContext, contextId: string, request: GenerationRequest) => {
    const samples = env.synthesize(request, context.cursor);
    context.cursor += samples.length;
    const rate = request.output_format.sample_rate;
    if (request.add_timestamps && request.transcript.trim() !== '') {
      const words = request.transcript.trim().split(/\s+/);
      const step = samples.length / rate / words.length;
      send({
        type: 'timestamps',
        done: false,
        status_code: 206,
        context_id: contextId,
        word_timestamps: {
          words,
          start: words.map((_, i) => i * step),
          end: words.map((_, i) => (i + 1) * step),
        },
      });
    }
    if (samples.length > 0 && env.firstChunkDelayMs > 0) await env.sleep(env.firstChunkDelayMs);
    const encoding = request.output_format.container === 'mp3' ? 'pcm_s16le' : request.output_format.encoding;
    const chunkSamples = env.wsChunkSamples(rate);
    for (let offset = 0; offset < samples.length; offset += chunkSamples) {
      if (context.cancelled) return;
      const length = Math.min(chunkSamples, samples.length - offset);
      const ok = send({
        type: 'chunk',
        data: env.base64(samples, offset, length, encoding === 'pcm_f32le' ? 'pcm_f32le' : 'pcm_s16le'),
        done: false,
        status_code: 206,
        step_time: 1,
        context_id: contextId,
        ...(context.flushId > 0 ? { flush_id: context.flushId } : {}),
      });
      if (!ok) return;
      chunksSent += 1;
      if (env.behaviour.dropAfterChunks !== undefined && chunksSent >= env.behaviour.dropAfterChunks) {
        socket.terminate();
        return;
      }
      await env.chunkPause(env.behaviour, (length / rate) * 1000);
    }
    if (context.cancelled) return;
    if (request.flush) {
      context.flushId += 1;
      send({
        type: 'flush_done',
        done: false,
        flush_done: true,
        flush_id: context.flushId,
        status_code: 206,
        context_id: contextId,
      });
    }
    if (request.continue !== true) {
      connection.activeContexts.delete(contextId);
      send({ type: 'done', done: true, status_code: 206, context_id: contextId });
    }
  };

  socket.on('message', (data) => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      fail(undefined, { message: 'Message is not valid JSON' });
      return;
    }
    if (typeof message !== 'object' || message === null) {
      fail(undefined, { message: 'Message must be a JSON object' });
      return;
    }
    const record = message as Record<string, unknown>;
    connection.messages.push(record);
    const rawContextId = typeof record.context_id === 'string' ? record.context_id : undefined;
    if (record.cancel === true) {
      const context = rawContextId ? contexts.get(rawContextId) : undefined;
      if (rawContextId) connection.activeContexts.delete(rawContextId);
      if (context) {
        context.cancelled = true;
        context.finished = true;
        clearExpiry(context);
      }
      return;
    }
    const checked = checkGenerationRequest(record, 'websocket');
    if ('error' in checked) {
      fail(rawContextId, checked.error);
      return;
    }
    const request = checked.request;
    generated += 1;
    const contextId = request.context_id ?? `ctx-${generated}`;
    let context = contexts.get(contextId);
    if (context?.expired) {
      // The docs only say input after expiry "is not supported"; the wording here is ours.
      fail(contextId, {
        error_code: 'context_expired',
        title: 'Context expired',
        message: `Context ${contextId} has expired.`,
      });
      return;
    }
    if (context?.finished) {
      fail(contextId, { error_code: 'context_closed', message: 'Context has already finished' });
      return;
    }
    const fields = contextFields(record);
    if (context && context.fields !== fields) {
      fail(contextId, {
        message:
          'Inputs on the same context must keep all fields except transcript, continue and duration the same.',
      });
      return;
    }
    if (!context) {
      context = {
        cursor: 0,
        chain: Promise.resolve(),
        fields,
        cancelled: false,
        finished: false,
        expired: false,
        expiryTimer: undefined,
        busy: 0,
        flushId: 0,
      };
      contexts.set(contextId, context);
      connection.activeContexts.add(contextId);
    }
    const scripted = env.takeScriptedError();
    if (scripted) {
      context.finished = true;
      fail(contextId, scripted);
      return;
    }
    // `continue` defaults to false: the input is the context's last (contexts page, `continue`).
    if (request.continue !== true) context.finished = true;
    const current = context;
    current.busy += 1;
    clearExpiry(current);
    current.chain = current.chain.then(async () => {
      await generate(current, contextId, request);
      current.busy -= 1;
      armExpiry(current);
    });
  });
}
