import { int16ToBytesLE } from '@bot-backend/audio';
import { VendorError } from '@bot-backend/interfaces';
import {
  collectStream as collect,
  type LoopbackServer,
  startLoopbackServer,
  waitUntil as until,
} from '@bot-backend/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type SentencePacedTtsConfig, SentencePacedTtsSession } from './sentence-paced-tts-session.js';

/**
 * A small text-to-speech socket over a real loopback WebSocket: `{text, flush}`
 * answers 20 samples of audio per character (16 kHz), `flush` adds `{type:"flushed"}`,
 * `{end:true}` answers `{type:"done"}`, `{cancel:true}` is recorded. With `silent`,
 * it never answers.
 */
let server: LoopbackServer;
let received: Array<Record<string, unknown>> = [];
let silent = false;

beforeAll(async () => {
  server = await startLoopbackServer();
  server.ws('/speak', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { text?: string; flush?: boolean; end?: boolean };
      received.push(message);
      if (silent) return;
      if (message.text !== undefined) {
        socket.send(int16ToBytesLE(new Int16Array(message.text.length * 20).fill(message.text.length)));
      }
      if (message.flush) socket.send(JSON.stringify({ type: 'flushed' }));
      if (message.end) socket.send(JSON.stringify({ type: 'done' }));
    });
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  received = [];
  silent = false;
});

class LoopbackTts extends SentencePacedTtsSession {
  #socket: WebSocket | undefined;

  constructor(config: Partial<SentencePacedTtsConfig> = {}) {
    super({
      vendor: 'loopback',
      sampleRate: 16000,
      vendorRate: 16000,
      toError: (error) =>
        new VendorError({ kind: 'unavailable', vendor: 'loopback', message: String(error) }),
      ...config,
    });
    this.start();
  }

  protected async connect(): Promise<void> {
    const socket = new WebSocket(`${server.wsUrl}/speak`);
    this.#socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.audio(new Uint8Array(data as Buffer));
      else if (JSON.parse(data.toString()).type === 'done') this.finish();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  }

  protected sendText(text: string, sentenceEnd: boolean): void {
    this.#socket?.send(JSON.stringify({ text, flush: sentenceEnd }));
  }

  protected sendEnd(): void {
    this.#socket?.send(JSON.stringify({ end: true }));
  }

  protected teardown(cancel: boolean): void {
    if (cancel && this.#socket?.readyState === WebSocket.OPEN)
      this.#socket.send(JSON.stringify({ cancel: true }));
    this.#socket?.close();
  }
}

describe('SentencePacedTtsSession', () => {
  it('sends pieces in order after the connection opens, flushing at sentence ends, and finishes once', async () => {
    const session = new LoopbackTts();
    // Pushed before the socket is open: they wait for it, in order.
    session.pushText('Hel');
    session.pushText('lo there. ');
    session.pushText('How are');
    session.pushText(' you?');
    session.end();
    const parts = await collect(session);
    expect(received).toEqual([
      { text: 'Hel', flush: false },
      { text: 'lo there. ', flush: true },
      { text: 'How are', flush: false },
      { text: ' you?', flush: true },
      { end: true },
    ]);
    const audio = parts.flatMap((p) => (p.type === 'audio' ? [p.frame] : []));
    expect(audio.map((f) => f.samples.length)).toEqual([60, 200, 140, 100]);
    expect(parts.at(-1)).toEqual({ type: 'finish', characters: 25, audioMs: 31 });
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
  });

  it("resamples the vendor's rate to the caller's", async () => {
    const session = new LoopbackTts({ sampleRate: 8000 });
    session.pushText('One sentence of text.');
    session.end();
    const parts = await collect(session);
    const samples = parts.reduce((n, p) => n + (p.type === 'audio' ? p.frame.samples.length : 0), 0);
    expect(Math.abs(samples - 210)).toBeLessThanOrEqual(2);
    expect(parts.every((p) => p.type !== 'audio' || p.frame.sampleRate === 8000)).toBe(true);
  });

  it('close() (barge-in) tells the vendor to cancel and ends the stream with nothing more', async () => {
    const session = new LoopbackTts();
    const iterator = session[Symbol.asyncIterator]();
    session.pushText('A first sentence. ');
    expect((await iterator.next()).value?.type).toBe('audio');
    await session.close();
    session.pushText('Never sent.');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await until(() => received.some((m) => m.cancel === true));
    expect(received.some((m) => m.text === 'Never sent.')).toBe(false);
  });

  it("ends with cancelled when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const session = new LoopbackTts({ signal: controller.signal });
    session.pushText('Hello. ');
    controller.abort();
    const parts = await collect(session);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled', vendor: 'loopback' } });
  });

  it('fails with timeout when no audio comes within firstAudioTimeoutMs of the first text', async () => {
    silent = true;
    const session = new LoopbackTts({ firstAudioTimeoutMs: 200 });
    session.pushText('Anyone there?');
    const parts = await collect(session);
    expect(parts).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({ kind: 'timeout', message: 'loopback: no audio within 200 ms' }),
      },
    ]);
  });
});
