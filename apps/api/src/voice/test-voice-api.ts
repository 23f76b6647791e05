import { int16ToBytesLE, sine } from '@bot-backend/audio';
import { parseSettings } from '@bot-backend/config';
import { buildProviders, type Providers } from '@bot-backend/factory';
import {
  type CartesiaFake,
  type DeepgramFake,
  type OpenAiFake,
  startCartesiaFake,
  startDeepgramFake,
  startOpenAiFake,
} from '@bot-backend/testkit';
import { WebSocket } from 'ws';
import { type App, createApp } from '../app.js';
import type { AppDeps } from '../deps.js';
import { type RunningServer, startServer } from '../server.js';
import { testDeps } from '../test-deps.js';

/** apps/api on a real port, as main() serves it. */
export interface VoiceApi {
  url: string;
  wsUrl: string;
  app: App;
  deps: AppDeps & { logLines: () => Record<string, unknown>[] };
  server: RunningServer;
  close(): Promise<void>;
}

export async function startVoiceApi(
  env: Record<string, string> = {},
  providers: Providers = {},
  /** Adds to the dependencies before the app is built (e.g. result delivery). */
  configure?: (deps: AppDeps) => Promise<void> | void,
): Promise<VoiceApi> {
  const deps = testDeps({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
  deps.providers = providers;
  await configure?.(deps);
  const app = createApp(deps);
  const server = await startServer(app, deps);
  return {
    url: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/ws/voice`,
    app,
    deps,
    server,
    close: () => server.shutdown('test over'),
  };
}

/** The three loopback vendors the voice loop uses, and the settings that point the factory at them. */
export interface VoiceVendorFakes {
  openai: OpenAiFake;
  deepgram: DeepgramFake;
  cartesia: CartesiaFake;
  env: Record<string, string>;
  providers(): Promise<Providers>;
  /** Open vendor streams: LLM and STT connections, and TTS connections with a context still generating. */
  openConnections(): number;
  /** The same, by vendor, so a stream left open names its vendor. */
  openByVendor(): { openai: number; deepgram: number; cartesia: number };
  close(): Promise<void>;
}

export async function startVoiceVendorFakes(
  /** Cartesia's speech per character of text (default 6 ms: short speech keeps paced playback quick). */
  options: { ttsMsPerCharacter?: number } = {},
): Promise<VoiceVendorFakes> {
  const [openai, deepgram, cartesia] = await Promise.all([
    startOpenAiFake(),
    startDeepgramFake({ msPerWord: 200, wordsPerFinal: 4 }),
    startCartesiaFake({ tone: { msPerCharacter: options.ttsMsPerCharacter ?? 6 } }),
  ]);
  const env = {
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.openaiBaseURL,
    TTS_PROVIDER: 'cartesia',
    CARTESIA_API_KEY: cartesia.apiKey,
    CARTESIA_BASE_URL: cartesia.url,
    STT_PROVIDER: 'deepgram',
    DEEPGRAM_API_KEY: deepgram.apiKey,
    DEEPGRAM_BASE_URL: deepgram.url,
    VENDOR_MAX_RETRIES: '0',
  };
  const openByVendor = () => ({
    openai: openai.openConnections(),
    deepgram: deepgram.openConnections(),
    cartesia: cartesia.streamingConnections(),
  });
  return {
    openai,
    deepgram,
    cartesia,
    env,
    providers: () => providersFor(env),
    openConnections: () => {
      const open = openByVendor();
      return open.openai + open.deepgram + open.cartesia;
    },
    openByVendor,
    async close() {
      await Promise.all([openai.close(), deepgram.close(), cartesia.close()]);
    },
  };
}

/** Providers as main() builds them from these settings. */
function providersFor(env: Record<string, string>): Promise<Providers> {
  return buildProviders(parseSettings(env));
}

export type ServerMessage = { type: string; [key: string]: unknown };

/** A /ws/voice client that records everything it receives, with arrival times. */
export class VoiceTestClient {
  readonly messages: (ServerMessage & { at: number })[] = [];
  readonly audio: { bytes: number; at: number }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const at = performance.now();
      if (isBinary) {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        this.audio.push({ bytes: bytes.length, at });
      } else this.messages.push({ ...(JSON.parse(data.toString()) as ServerMessage), at });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  static async connect(url: string): Promise<VoiceTestClient> {
    const socket = new WebSocket(url);
    const client = new VoiceTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Starts a verbal backend interview (typed answers) and waits for its first question; returns the session id. */
  async startTextInterview(timeoutMs = 10_000): Promise<string> {
    this.send({
      type: 'start',
      role: 'backend',
      experienceLevel: 'mid',
      format: 'verbal',
      sampleRate: 16_000,
    });
    const { sessionId } = (await this.waitFor('session', undefined, timeoutMs)) as unknown as {
      sessionId: string;
    };
    await this.waitFor('transcript', (m) => m.role === 'interviewer' && m.final === true, timeoutMs);
    return sessionId;
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  of(type: string): (ServerMessage & { at: number })[] {
    return this.messages.filter((m) => m.type === type);
  }

  /** Resolves with the first message (counting those already received) that matches. */
  async waitFor(
    type: string,
    match: (message: ServerMessage) => boolean = () => true,
    timeoutMs = 10_000,
    /** Only messages from this index on (see mark()). */
    from = 0,
  ): Promise<ServerMessage & { at: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find((m) => m.type === type && match(m));
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED)
        throw new Error(`socket closed before a ${type} message; got ${this.describe()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The index the next message will have: pass it to waitFor() to wait for something new. */
  mark(): number {
    return this.messages.length;
  }

  describe(): string {
    return this.messages.map((m) => (m.type === 'error' ? `error:${String(m.code)}` : m.type)).join(', ');
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)
      this.socket.close();
  }
}

/** Opens `wsUrl?ticket=…`: 101 and the client, or the refusal's HTTP status and error code. */
export function openWithTicket(
  wsUrl: string,
  ticket: string,
): Promise<{ status: number; code?: string; client?: VoiceTestClient }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}?ticket=${encodeURIComponent(ticket)}`);
    const client = new VoiceTestClient(socket);
    socket.once('open', () => resolve({ status: 101, client }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          code: (JSON.parse(body) as { error: { code: string } }).error.code,
        });
        socket.terminate();
      });
    });
    socket.once('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

/** PCM16 bytes of a 200 Hz tone: audio the Deepgram fake turns into scripted words. */
export function tonePcm16(ms: number, sampleRate = 16_000): Buffer {
  const tone = sine({ frequencyHz: 200, durationMs: ms, sampleRate, amplitude: 8_000 / 32_767 });
  return Buffer.from(int16ToBytesLE(tone.samples));
}

/** Streams `ms` of audio in 20 ms frames at real-time pace multiplied by `speed`. */
export async function streamAudio(
  client: VoiceTestClient,
  ms: number,
  speed = 4,
  sampleRate = 16_000,
): Promise<void> {
  const frame = tonePcm16(20, sampleRate);
  for (let sent = 0; sent < ms; sent += 20) {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    client.sendRaw(frame);
    if ((sent / 20) % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 100 / speed));
  }
}
