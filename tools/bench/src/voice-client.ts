import { int16ToBytesLE, noise } from '@bot-backend/audio';
import { WebSocket } from 'ws';

/** What one candidate turn looked like from the client, on the load process's performance.now() clock. */
export interface TurnRecord {
  session: number;
  /** The last voiced frame left the client. */
  speechEndAt: number;
  /** The silence frame that completed the STT's endpointing window left the client. */
  endpointFrameAt: number | undefined;
  /** The engine's end of turn reached the client (candidate `transcript` final). */
  turnEndSeenAt: number | undefined;
  phase: string | undefined;
  /** The reply's first sentence, as the engine handed it to TTS. */
  firstSentence: string | undefined;
  firstAudioAt: number | undefined;
  /** The engine's own per-turn figures (`metrics` event). */
  engine: Record<string, number | undefined> | undefined;
  bargeIn: BargeInRecord | undefined;
}

export interface BargeInRecord {
  /** The candidate's first voiced frame over the interviewer left the client. */
  speechAt: number;
  clearAt: number | undefined;
  /** The turn the `clear` named. */
  clearedTurnId: string | undefined;
  /** Binary audio frames of the cleared turn that still arrived after `clear`. */
  framesAfterClear: number;
}

export interface VoiceClientOptions {
  url: string;
  session: number;
  msPerWord: number;
  words: number;
  endpointingMs: number;
  /** Barge into every other reply this long after its first audio; undefined: never. */
  bargeInAfterMs: number | undefined;
  /** Pause between the interviewer's last audio and the candidate's answer. */
  answerGapMs: number;
  onError: (message: string) => void;
}

type ServerMessage = { type: string; [key: string]: unknown };

const frameMs = 20;
const sampleRate = 16_000;
const frameBytes = (sampleRate / 1000) * frameMs * 2;
/**
 * What a microphone sends while its speaker listens: not digital silence but
 * a noise floor, here white noise at −60 dBFS RMS (a quiet room through a
 * laptop microphone with the browser's noise suppression). A second of
 * different frames, sent in turn.
 */
const listeningFrames = (() => {
  const second = noise({ durationMs: 1000, sampleRate, rmsDbfs: -60, seed: 0x2545f491 }).samples;
  const samplesPerFrame = frameBytes / 2;
  return Array.from({ length: 1000 / frameMs }, (_, i) =>
    int16ToBytesLE(second.subarray(i * samplesPerFrame, (i + 1) * samplesPerFrame)),
  );
})();
const voicedFrame = (() => {
  const frame = Buffer.alloc(frameBytes);
  for (let i = 0; i < frameBytes / 2; i++) {
    frame.writeInt16LE(Math.round(8_000 * Math.sin((2 * Math.PI * 200 * i) / sampleRate)), i * 2);
  }
  return frame;
})();

/**
 * One candidate on /ws/voice: streams real-time 20 ms PCM frames the whole time
 * (a −60 dBFS noise floor while listening), answers each question once the
 * interviewer's turn is over, and records when each reply's first audio came.
 */
export class VoiceClient {
  readonly turns: TurnRecord[] = [];
  /** Audio frames sent to the server and binary audio frames received from it, over all its sessions. */
  audioFramesOut = 0;
  audioFramesIn = 0;
  private socket: WebSocket | undefined;
  private startedAt = 0;
  private framesSent = 0;
  private voicedLeft = 0;
  private silentSinceSpeech = -1;
  private current: TurnRecord | undefined;
  private answerTimer: NodeJS.Timeout | undefined;
  private bargeNext = false;
  private stopped = false;
  private sessions = 0;
  /** The turn of the audio arriving now (`audio_start {turnId}`). */
  private audioTurnId: string | undefined;

  constructor(private readonly options: VoiceClientOptions) {}

  /** Opens a session (again, when an interview ends before the run does). */
  connect(): void {
    if (this.stopped) return;
    this.sessions += 1;
    const socket = new WebSocket(this.options.url, { perMessageDeflate: false });
    this.socket = socket;
    socket.on('open', () => {
      this.startedAt = performance.now();
      this.framesSent = 0;
      socket.send(
        JSON.stringify({
          type: 'start',
          role: 'backend',
          experienceLevel: 'mid',
          format: 'verbal',
          sampleRate,
        }),
      );
    });
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary, performance.now()));
    socket.on('error', (error) => {
      // Closing a socket that is still connecting at the end of a run is ours, not the server's.
      if (!this.stopped) this.options.onError(`session ${this.options.session}: ${error.message}`);
    });
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.current = undefined;
      if (this.answerTimer) clearTimeout(this.answerTimer);
      if (this.stopped) return;
      if (code !== 1000) this.options.onError(`session ${this.options.session} closed with ${code}`);
      // The interview ended (summary): the candidate starts another.
      this.connect();
    });
  }

  /** Sends the frames real time asks for by now; called by the shared pump. */
  pump(now: number): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.startedAt === 0) return;
    const due = Math.floor((now - this.startedAt) / frameMs);
    // After a stall, catch up a little at a time (a real microphone would have buffered).
    for (let n = 0; this.framesSent < due && n < 5; n++) {
      this.framesSent += 1;
      this.audioFramesOut += 1;
      if (this.voicedLeft > 0) {
        socket.send(voicedFrame);
        this.voicedLeft -= 1;
        if (this.voicedLeft === 0) {
          this.silentSinceSpeech = 0;
          if (this.current) this.current.speechEndAt = performance.now();
        }
      } else {
        socket.send(listeningFrames[this.framesSent % listeningFrames.length] as Uint8Array);
        if (this.silentSinceSpeech >= 0) {
          this.silentSinceSpeech += frameMs;
          if (this.silentSinceSpeech >= this.options.endpointingMs) {
            if (this.current && this.current.endpointFrameAt === undefined) {
              this.current.endpointFrameAt = performance.now();
            }
            this.silentSinceSpeech = -1;
          }
        }
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.socket?.close(1000);
  }

  private speak(bargeIn: boolean): void {
    if (this.voicedLeft > 0) return;
    const now = performance.now();
    const previous = this.current;
    if (bargeIn && previous) {
      previous.bargeIn = { speechAt: now, clearAt: undefined, clearedTurnId: undefined, framesAfterClear: 0 };
    }
    this.current = {
      session: this.options.session,
      speechEndAt: Number.NaN,
      endpointFrameAt: undefined,
      turnEndSeenAt: undefined,
      phase: undefined,
      firstSentence: undefined,
      firstAudioAt: undefined,
      engine: undefined,
      bargeIn: undefined,
    };
    this.turns.push(this.current);
    this.voicedLeft = Math.round((this.options.words * this.options.msPerWord) / frameMs);
    this.silentSinceSpeech = -1;
  }

  private onMessage(data: Buffer, isBinary: boolean, at: number): void {
    const turn = this.current;
    if (isBinary) {
      this.audioFramesIn += 1;
      if (turn && turn.turnEndSeenAt !== undefined && turn.firstAudioAt === undefined) {
        turn.firstAudioAt = at;
        if (this.bargeNext && this.options.bargeInAfterMs !== undefined) {
          this.answerTimer = setTimeout(() => this.speak(true), this.options.bargeInAfterMs);
        }
      }
      const barged = this.turns.at(-2)?.bargeIn;
      if (barged?.clearAt !== undefined && barged.clearedTurnId === this.audioTurnId)
        barged.framesAfterClear += 1;
      return;
    }
    const message = JSON.parse(data.toString()) as ServerMessage;
    switch (message.type) {
      case 'transcript': {
        if (message.role === 'candidate' && message.final === true && turn) {
          turn.turnEndSeenAt ??= at;
          turn.phase ??= String(message.phase);
        }
        if (message.role === 'interviewer' && message.final !== true && turn?.turnEndSeenAt !== undefined) {
          turn.firstSentence ??= String(message.text);
        }
        if (message.role === 'interviewer' && message.final === true && message.interrupted !== true) {
          // The interviewer's turn is over: answer after a short pause.
          this.bargeNext = !this.bargeNext;
          if (this.answerTimer) clearTimeout(this.answerTimer);
          this.answerTimer = setTimeout(() => this.speak(false), this.options.answerGapMs);
        }
        break;
      }
      case 'audio_start':
        this.audioTurnId = String(message.turnId);
        break;
      case 'clear': {
        const barged = this.turns.at(-2)?.bargeIn;
        if (barged && barged.clearAt === undefined) {
          barged.clearAt = at;
          barged.clearedTurnId = String(message.turnId);
        }
        break;
      }
      case 'metrics': {
        const { type: _type, ...figures } = message;
        const target = [...this.turns].reverse().find((t) => t.firstAudioAt !== undefined && !t.engine);
        if (target && figures.firstAudioMs !== undefined) target.engine = figures as Record<string, number>;
        break;
      }
      case 'error':
        this.options.onError(
          `session ${this.options.session}: ${String(message.code)} ${String(message.message)}`,
        );
        break;
      default:
        break;
    }
  }
}
