import type { AudioFrame } from '@bot-backend/interfaces';
import { int16BytesLE } from '../pcm.js';
import { AudioTurns } from './audio-turns.js';
import { AudioSinkClosedError, QueuedAudioSink, type QueuedAudioSinkOptions } from './queued-audio-sink.js';

/**
 * The part of a WebSocket the sink uses: `ws`'s WebSocket fits, and so does
 * any wrapper with these members. The callback of send() is optional to call.
 */
export interface AudioWebSocket {
  send(data: string | Uint8Array, callback?: (error?: Error) => void): void;
  readonly bufferedAmount: number;
  readonly readyState: number;
}

const OPEN = 1;

export interface WebSocketAudioSinkOptions extends QueuedAudioSinkOptions {
  socket: AudioWebSocket;
  /** Pause sending while the socket holds more than this many unsent bytes. Default 64 KiB. */
  maxBufferedBytes?: number;
  /** Makes turn ids when none was set with beginTurn(). Default `turn-1`, `turn-2`, … */
  turnId?: () => string;
}

/**
 * Voice over WebSocket (DESIGN.md): JSON text `{"type":"audio_start","turnId","sampleRate"}`,
 * binary PCM16 little-endian frames, then `{"type":"audio_end","turnId"}`.
 * Paced to real time plus `leadMs` (default 250 ms), so queued audio stays
 * on the server where clear() can drop it on barge-in; once the lead is full,
 * frames leave joined in messages of up to `batchMs` (default 120 ms: three
 * 40 ms frames, so the lead never falls below 130 ms).
 */
export class WebSocketAudioSink extends QueuedAudioSink {
  private readonly socket: AudioWebSocket;
  private readonly maxBufferedBytes: number;
  private readonly turns: AudioTurns;

  constructor(options: WebSocketAudioSinkOptions) {
    super({ leadMs: 250, batchMs: 120, ...options });
    this.socket = options.socket;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024;
    this.turns = new AudioTurns(options.turnId);
  }

  /** Use this id for the next turn's audio_start/audio_end. */
  beginTurn(turnId: string): void {
    this.turns.setNext(turnId);
  }

  /** The turn whose audio is being sent, if any. */
  get currentTurnId(): string | undefined {
    return this.turns.current;
  }

  protected override transportDelayMs(): number {
    return this.socket.bufferedAmount > this.maxBufferedBytes ? 5 : 0;
  }

  protected override deliver(frame: AudioFrame): void {
    const step = this.turns.beforeFrame(frame.sampleRate);
    if (step.end !== undefined) this.sendJson({ type: 'audio_end', turnId: step.end });
    if (step.start) this.sendJson({ type: 'audio_start', ...step.start });
    // A written frame is the sink's until sent (the queue holds it as is): its memory goes out without a copy.
    this.send(int16BytesLE(frame.samples));
  }

  protected override onCleared(): void {
    this.endTurn();
  }

  protected override onDrained(): void {
    this.endTurn();
  }

  private endTurn(): void {
    const turnId = this.turns.end();
    if (turnId !== undefined && this.socket.readyState === OPEN) this.sendJson({ type: 'audio_end', turnId });
  }

  private sendJson(message: Record<string, unknown>): void {
    this.send(JSON.stringify(message));
  }

  /** One callback for every send, not a closure per frame. */
  private readonly onSent = (error?: Error) => {
    if (error)
      this.fail(new AudioSinkClosedError(`WebSocket send failed: ${error.message}`, { cause: error }));
  };

  private send(data: string | Uint8Array): void {
    if (this.socket.readyState !== OPEN) throw new AudioSinkClosedError('WebSocket is not open');
    this.socket.send(data, this.onSent);
  }
}
