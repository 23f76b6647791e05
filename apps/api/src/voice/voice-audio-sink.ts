import {
  type AudioWebSocket,
  concatFrames,
  encodeWavFrame,
  QueuedAudioSink,
  WebSocketAudioSink,
  type WebSocketAudioSinkOptions,
} from '@bot-backend/audio';
import type { AudioFrame, AudioSink } from '@bot-backend/interfaces';

const OPEN = 1;

function sendJson(socket: AudioWebSocket, message: Record<string, unknown>): void {
  if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
}

/**
 * The streaming sink of /ws/voice: WebSocketAudioSink's audio_start / PCM16 /
 * audio_end, plus `clear {turnId}` when a turn is cut, so the page stops the
 * audio it already holds (up to the sink's lead) at once instead of playing it out.
 */
export class StreamingVoiceSink extends WebSocketAudioSink {
  private readonly out: AudioWebSocket;

  constructor(options: WebSocketAudioSinkOptions) {
    super(options);
    this.out = options.socket;
  }

  protected override onCleared(): void {
    // No current turn: the reply already drained (the turn's end also calls clear()).
    const turnId = this.currentTurnId;
    if (turnId !== undefined) sendJson(this.out, { type: 'clear', turnId });
    super.onCleared();
  }
}

/**
 * The prototype's whole-utterance mode: a turn's audio is collected and sent
 * as one `audio {audio: base64 WAV}` message when the turn drains. A barge-in
 * drops what was collected, so nothing of a cut reply is sent.
 */
export class WholeUtteranceSink extends QueuedAudioSink {
  private frames: AudioFrame[] = [];
  private turns = 0;

  constructor(private readonly socket: AudioWebSocket) {
    super();
  }

  protected override deliver(frame: AudioFrame): void {
    this.frames.push(frame);
  }

  protected override onDrained(): void {
    if (this.frames.length === 0) return;
    const audio = concatFrames(this.frames);
    this.frames = [];
    this.turns += 1;
    sendJson(this.socket, {
      type: 'audio',
      turnId: `utterance-${this.turns}`,
      sampleRate: audio.sampleRate,
      mimeType: 'audio/wav',
      audio: Buffer.from(encodeWavFrame(audio)).toString('base64'),
    });
  }

  protected override onCleared(): void {
    this.frames = [];
  }
}

export type VoiceOutputMode = 'stream' | 'whole';

/**
 * The session's one sink, routing to the streaming or the whole-utterance
 * sink by the client's mode. The mode can change between turns (a prototype
 * client reveals itself with its first `audio` message).
 */
export class VoiceSocketSink implements AudioSink {
  readonly specificationVersion = 'v1' as const;
  readonly streaming: StreamingVoiceSink;
  readonly whole: WholeUtteranceSink;
  private modeValue: VoiceOutputMode;

  constructor(options: WebSocketAudioSinkOptions & { mode: VoiceOutputMode }) {
    this.streaming = new StreamingVoiceSink(options);
    this.whole = new WholeUtteranceSink(options.socket);
    this.modeValue = options.mode;
  }

  get mode(): VoiceOutputMode {
    return this.modeValue;
  }

  set mode(mode: VoiceOutputMode) {
    this.modeValue = mode;
  }

  private get current(): QueuedAudioSink {
    return this.modeValue === 'stream' ? this.streaming : this.whole;
  }

  get deliveredMs(): number {
    return this.streaming.deliveredMs + this.whole.deliveredMs;
  }

  write(frame: AudioFrame): Promise<void> {
    return this.current.write(frame);
  }

  async flush(): Promise<void> {
    await Promise.all([this.streaming.flush(), this.whole.flush()]);
  }

  clear(): number {
    return this.streaming.clear() + this.whole.clear();
  }

  async close(): Promise<void> {
    await Promise.all([this.streaming.close(), this.whole.close()]);
  }
}
