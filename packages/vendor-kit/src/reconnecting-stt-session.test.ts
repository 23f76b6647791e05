import { bytesLEToInt16, int16ToBytesLE } from '@bot-backend/audio';
import { type SttStreamPart, VendorError } from '@bot-backend/interfaces';
import {
  type LoopbackServer,
  readStream as read,
  startLoopbackServer,
  waitUntil as until,
  wsBytes,
} from '@bot-backend/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { kindForStatus } from './http-status.js';
import {
  type ReconnectingSttConfig,
  ReconnectingSttSession,
  type SttConnection,
} from './reconnecting-stt-session.js';

/**
 * A small streaming-STT protocol over a real loopback WebSocket: every 100 ms of
 * audio the server sends a final for it (connection times, seconds); `eot` asks for
 * an end of turn; `finalize` and `close` flush; `drops` cut a connection without a
 * close frame after that many ms of its audio; `closes` end one with a close code.
 */
const RATE = 8000;
let server: LoopbackServer;
const connections: Array<{ samples: Int16Array[]; messages: number[] }> = [];
let drops: number[] = [];
let closes: number[] = [];

beforeAll(async () => {
  server = await startLoopbackServer();
  server.ws('/listen', (socket) => {
    const record = { samples: [] as Int16Array[], messages: [] as number[] };
    connections.push(record);
    const dropAt = drops.shift();
    const closeWith = closes.shift();
    if (closeWith !== undefined) {
      setImmediate(() => socket.close(closeWith, 'scripted'));
      return;
    }
    let receivedMs = 0;
    let finalMs = 0;
    const finalUpTo = (ms: number) => {
      if (ms <= finalMs) return;
      socket.send(JSON.stringify({ type: 'final', start: finalMs / 1000, end: ms / 1000, text: `to ${ms}` }));
      finalMs = ms;
    };
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        const samples = bytesLEToInt16(new Uint8Array(wsBytes(data)));
        record.samples.push(samples);
        record.messages.push(samples.length);
        receivedMs += (samples.length / RATE) * 1000;
        if (dropAt !== undefined && receivedMs >= dropAt) {
          socket.terminate();
          return;
        }
        finalUpTo(Math.floor(receivedMs / 100) * 100);
        return;
      }
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'eot')
        socket.send(JSON.stringify({ type: 'eot', at: finalMs / 1000, confidence: 0.9 }));
      if (message.type === 'finalize' || message.type === 'close') finalUpTo(receivedMs);
      if (message.type === 'close') socket.close(1000);
    });
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  connections.length = 0;
  drops = [];
  closes = [];
});

class LoopbackStt extends ReconnectingSttSession<WebSocket> {
  #socket: WebSocket | undefined;
  #markOpen: () => void = () => {};
  /** Resolves once the first connection takes audio. */
  readonly opened = new Promise<void>((resolve) => {
    this.#markOpen = resolve;
  }).then(() => new Promise((resolve) => setImmediate(resolve)));

  constructor(config: Partial<ReconnectingSttConfig> = {}) {
    super({
      vendor: 'loopback',
      sampleRate: RATE,
      interimResults: false,
      maxReconnects: 2,
      reconnectDelayMs: 10,
      closeTimeoutMs: 2000,
      ...config,
    });
    this.start();
  }

  protected async openSocket(conn: SttConnection): Promise<WebSocket> {
    const socket = new WebSocket(`${server.wsUrl}/listen`);
    this.#socket = socket;
    socket.on('message', (data) => this.#onMessage(conn, JSON.parse(data.toString())));
    socket.on('close', (code, reason) => this.socketClosed(conn, code, reason.toString()));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    this.#markOpen();
    return socket;
  }

  protected sendAudio(socket: WebSocket, samples: Int16Array): void {
    if (socket.readyState !== WebSocket.OPEN) throw new Error('not open');
    socket.send(int16ToBytesLE(samples));
  }

  protected sendFinalize(socket: WebSocket): void {
    socket.send(JSON.stringify({ type: 'finalize' }));
  }

  protected sendClose(socket: WebSocket): void {
    socket.send(JSON.stringify({ type: 'close' }));
  }

  protected destroySocket(socket: WebSocket): void {
    socket.terminate();
  }

  protected closeError(code: number, reason: string): VendorError {
    const kind = code === 1006 ? 'unavailable' : kindForStatus(code - 3600);
    return new VendorError({ kind, vendor: 'loopback', status: code, message: `closed ${code} ${reason}` });
  }

  /** Asks the server for an end of turn on the current connection. */
  askEndOfTurn(): void {
    this.#socket?.send(JSON.stringify({ type: 'eot' }));
  }

  #onMessage(
    conn: SttConnection,
    message: { type: string; start?: number; end?: number; at?: number; text?: string; confidence?: number },
  ): void {
    if (!this.heard(conn)) return;
    if (message.type === 'final') {
      const endMs = conn.offsetMs + (message.end ?? 0) * 1000;
      this.acknowledge(conn, (message.end ?? 0) * 1000);
      this.emitFinal({
        text: message.text ?? '',
        words: [],
        confidence: 1,
        startMs: conn.offsetMs + (message.start ?? 0) * 1000,
        endMs,
      });
    } else if (message.type === 'eot') {
      this.emitEndOfTurn(conn.offsetMs + (message.at ?? 0) * 1000, message.confidence);
    }
  }
}

function tone(ms: number, rate = RATE, from = 0): { samples: Int16Array; sampleRate: number } {
  const count = Math.round((ms / 1000) * rate);
  return {
    samples: Int16Array.from({ length: count }, (_, i) => ((from + i) % 2000) - 1000),
    sampleRate: rate,
  };
}

const finals = (parts: SttStreamPart[]) =>
  parts.flatMap((p) => (p.type === 'transcript-final' ? [{ startMs: p.startMs, endMs: p.endMs }] : []));

/** A session that batches quiet past 60 ms into 100 ms messages, once its connection is open. */
async function quietSession() {
  const session = new LoopbackStt({ quietBatching: { chunkMs: 100, afterMs: 60 } });
  const { done } = read(session);
  await session.opened;
  return { session, done };
}

/** A session that sends loud speech (above 500) in messages of up to 60 ms, once its connection is open. */
async function speechSession() {
  const session = new LoopbackStt({ speechBatching: { chunkMs: 60, peak: 500 } });
  const { done } = read(session);
  await session.opened;
  return { session, done };
}

/** Pushes frames into `session` and keeps them, to check that the fake got every sample, in order. */
function recordingPush(session: LoopbackStt) {
  const pushed: Int16Array[] = [];
  return {
    push(frame: { samples: Int16Array; sampleRate: number }) {
      pushed.push(frame.samples);
      session.push(frame);
    },
    pushedSamples: () => pushed.flatMap((samples) => [...samples]),
  };
}

describe('ReconnectingSttSession', () => {
  it('sends audio, passes finals on, and finishes after the vendor closes', async () => {
    const session = new LoopbackStt();
    const { parts, done } = read(session);
    await session.opened;
    for (let i = 0; i < 5; i++) session.push(tone(50, RATE, i * 400));
    await until(() => finals(parts).length >= 2);
    await session.close();
    await done;
    expect(finals(parts).map((f) => f.endMs)).toEqual([100, 200, 250]);
    expect(parts.at(-2)).toEqual({ type: 'end-of-turn', atMs: 250, text: 'to 100 to 200 to 250' });
    expect(parts.at(-1)).toEqual({ type: 'finish' });
  });

  it("reports the vendor's end of turn with its confidence, the turn's finals as its text", async () => {
    const session = new LoopbackStt();
    const { parts, done } = read(session);
    await session.opened;
    session.push(tone(100));
    session.push(tone(100));
    await until(() => finals(parts).length === 2);
    session.askEndOfTurn();
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    await session.close();
    await done;
    expect(parts.filter((p) => p.type === 'end-of-turn')).toEqual([
      { type: 'end-of-turn', atMs: 200, text: 'to 100 to 200', confidence: 0.9 },
    ]);
  });

  it('replays uncovered audio on a new connection after a drop, with times shifted and nothing repeated', async () => {
    drops = [250];
    const session = new LoopbackStt();
    const { parts, done } = read(session);
    const pushed: Int16Array[] = [];
    for (let i = 0; i < 8; i++) {
      const frame = tone(50, RATE, i * 400);
      pushed.push(frame.samples);
      session.push(frame);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => connections.length === 2 && finals(parts).some((f) => f.endMs >= 400));
    await session.close();
    await done;
    const all = Int16Array.from(pushed.flatMap((s) => [...s]));
    // The second connection starts at the first sample no final covered (200 ms).
    const second = Int16Array.from(connections[1]!.samples.flatMap((s) => [...s]));
    expect([...second.subarray(0, 800)]).toEqual([...all.subarray(1600, 2400)]);
    const ends = finals(parts).map((f) => f.endMs);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(new Set(ends).size).toBe(ends.length);
    expect(ends.at(-1)).toBe(400);
    expect(parts.at(-1)).toEqual({ type: 'finish' });
  });

  it('resamples a frame at another rate instead of dropping it, and says so once', async () => {
    const warnings: string[] = [];
    const session = new LoopbackStt({ onWarning: (w) => warnings.push(w) });
    const { done } = read(session);
    session.push(tone(100, 16000));
    session.push(tone(100, 16000));
    await session.close();
    await done;
    const received = connections[0]!.messages.reduce((n, m) => n + m, 0);
    expect(Math.abs(received - 1600)).toBeLessThan(40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/16000 Hz/);
  });

  it('fails after the reconnect budget, with the last close as the error', async () => {
    drops = [50, 50, 50, 50];
    const session = new LoopbackStt({ maxReconnects: 2 });
    const { parts, done } = read(session);
    const pushing = setInterval(() => session.push(tone(60)), 10);
    await done;
    clearInterval(pushing);
    expect(connections).toHaveLength(3);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable', status: 1006 } });
  });

  it('does not reconnect after a close that is not retryable', async () => {
    closes = [4001];
    const session = new LoopbackStt();
    const { parts, done } = read(session);
    await until(() => connections.length === 1);
    session.push(tone(50));
    await done;
    expect(connections).toHaveLength(1);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'auth', status: 4001 } });
  });

  it("ends with a cancelled error when the caller's signal aborts, and closes the socket", async () => {
    const controller = new AbortController();
    const session = new LoopbackStt({ signal: controller.signal });
    const { parts, done } = read(session);
    await session.opened;
    controller.abort();
    await done;
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'cancelled' }) }]);
    await until(() => server.openConnections() === 0);
  });

  it('sends chunkMs messages, holds a short tail until flushed, and pads it to minChunkMs', async () => {
    const session = new LoopbackStt({ chunkMs: 100, minChunkMs: 50 });
    const { done } = read(session);
    session.push(tone(130));
    await until(() => connections[0]?.messages.length === 1);
    expect(connections[0]!.messages).toEqual([800]);
    session.finalize();
    await until(() => connections[0]?.messages.length === 2);
    expect(connections[0]!.messages).toEqual([800, 400]);
    await session.close();
    await done;
  });

  it('sends long quiet in quietBatching messages, speech as pushed, and what waited with the frame that ends it', async () => {
    const { session, done } = await quietSession();
    const quiet = () => ({ samples: new Int16Array(160).fill(3), sampleRate: RATE });
    const { push, pushedSamples } = recordingPush(session);
    push(tone(20));
    push(tone(20, RATE, 160));
    // 60 ms of quiet go out as pushed; past it, 100 ms messages; the next voiced frame ends the wait.
    for (let i = 0; i < 10; i++) push(quiet());
    push(tone(20, RATE, 320));
    await until(() => connections[0]?.messages.length === 7);
    expect(connections[0]!.messages).toEqual([160, 160, 160, 160, 160, 800, 320 + 160]);
    const sent = Int16Array.from(connections[0]!.samples.flatMap((s) => [...s]));
    expect([...sent]).toEqual(pushedSamples());
    await session.close();
    await done;
  });

  it('sends loud speech in speechBatching messages and its quieter tail at once, with the frame after it', async () => {
    const { session, done } = await speechSession();
    const { push, pushedSamples } = recordingPush(session);
    const soft = () => ({ samples: new Int16Array(160).fill(400), sampleRate: RATE });
    const loud = (n: number) => ({
      samples: new Int16Array(160).fill(n % 2 ? 1000 + n : -1000 - n),
      sampleRate: RATE,
    });
    // Seven loud frames: two messages of three, the seventh waits; a soft frame sends it with itself.
    for (let i = 0; i < 7; i++) push(loud(i));
    await until(() => connections[0]?.messages.length === 2);
    push(soft());
    push(soft());
    await until(() => connections[0]?.messages.length === 4);
    expect(connections[0]!.messages).toEqual([480, 480, 320, 160]);
    const sent = Int16Array.from(connections[0]!.samples.flatMap((s) => [...s]));
    expect([...sent]).toEqual(pushedSamples());
    await session.close();
    await done;
  });

  it('sends the onset of speech after quiet frame by frame (speechBatching.onsetMs), then batches it', async () => {
    const session = new LoopbackStt({ speechBatching: { chunkMs: 60, peak: 500, onsetMs: 40 } });
    const { done } = read(session);
    await session.opened;
    const { push, pushedSamples } = recordingPush(session);
    const quiet = () => ({ samples: new Int16Array(160).fill(100), sampleRate: RATE });
    const loud = () => ({ samples: new Int16Array(160).fill(1000), sampleRate: RATE });
    // Pushed at once (no time passes between frames, so only the audio tells a pause).
    push(quiet());
    for (let i = 0; i < 8; i++) push(loud());
    // A gap of 20 ms is no pause: speech goes on in batches.
    push(quiet());
    for (let i = 0; i < 3; i++) push(loud());
    // A pause (100 ms by default), then speech again: a new onset.
    for (let i = 0; i < 5; i++) push(quiet());
    push(loud());
    push(loud());
    await until(() => connections[0]?.messages.length === 14);
    expect(connections[0]!.messages).toEqual([160, 160, 160, 480, 480, 160, 480, ...Array(7).fill(160)]);
    expect([...Int16Array.from(connections[0]!.samples.flatMap((s) => [...s]))]).toEqual(pushedSamples());
    await session.close();
    await done;
  });

  it('sends loud speech held back alone when no frame follows within 40 ms', async () => {
    const { session, done } = await speechSession();
    const pushedAt = performance.now();
    session.push({ samples: new Int16Array(160).fill(1000), sampleRate: RATE });
    await until(() => connections[0]?.messages.length === 1);
    const waited = performance.now() - pushedAt;
    expect(connections[0]!.messages).toEqual([160]);
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(1000);
    await session.close();
    await done;
  });

  it('flushes loud speech held back on finalize', async () => {
    const { session, done } = await speechSession();
    session.push({ samples: new Int16Array(160).fill(1000), sampleRate: RATE });
    session.finalize();
    await until(() => connections[0]?.messages.length === 1);
    expect(connections[0]!.messages).toEqual([160]);
    await session.close();
    await done;
  });

  it('flushes quiet audio held back as one message on finalize', async () => {
    const { session, done } = await quietSession();
    for (let i = 0; i < 10; i++) session.push({ samples: new Int16Array(160), sampleRate: RATE });
    await until(() => connections[0]?.messages.length === 4);
    session.finalize();
    await until(() => connections[0]?.messages.length === 5);
    expect(connections[0]!.messages).toEqual([160, 160, 160, 800, 320]);
    await session.close();
    await done;
  });
});
