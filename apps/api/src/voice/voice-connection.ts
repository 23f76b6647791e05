import { randomUUID } from 'node:crypto';
import { bytesLEToInt16, decodeWav, detectAudioContainer, int16FromBytesLE } from '@bot-backend/audio';
import type { Settings } from '@bot-backend/config';
import type { Providers } from '@bot-backend/factory';
import type { AudioInput } from '@bot-backend/interfaces';
import {
  type InterviewSession,
  type InterviewSessionOptions,
  type InterviewSummary,
  PlanRequestError,
  type SessionEvent,
} from '@bot-backend/interview';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../observability/logger.js';
import { VoiceSocketSink } from './voice-audio-sink.js';
import {
  type ClientMessage,
  clientMessageSchema,
  describeIssues,
  type StartMessage,
  type VoiceErrorCode,
  voiceErrorCodes,
} from './voice-messages.js';
import type { VoiceMetrics } from './voice-metrics.js';
import { grantMismatch, type VoiceGrant } from './voice-tickets.js';

export type CreateInterviewSession = (options: InterviewSessionOptions) => InterviewSession;

export interface VoiceConnectionDeps {
  settings: Settings;
  logger: Logger;
  providers: Providers;
  metrics: VoiceMetrics;
  createSession: CreateInterviewSession;
  /** The engine's result delivery for a session id; absent: results are not posted. */
  deliverFor?: ((sessionId: string) => InterviewSessionOptions['deliver']) | undefined;
  /** What the socket's ticket allows (POST /v1/voice/sessions): `start` must ask for that interview. */
  grant?: VoiceGrant | undefined;
}

/** The interviewer's audio rate: what every TTS of the registry can produce and a browser plays as is. */
export const voiceOutputSampleRate = 24_000;
/** How long a wrap-up (closing line, summary) may take when a limit or shutdown ends the interview. */
const wrapUpMs = 10_000;
const OPEN = 1;

type Phase = 'waiting' | 'running' | 'ending' | 'closed';

/**
 * One /ws/voice socket: validates what the client sends, drives one
 * InterviewSession, forwards its events, enforces the VOICE_* limits, and
 * releases everything the moment the socket goes.
 */
export class VoiceConnection {
  private session: InterviewSession | undefined;
  private sink: VoiceSocketSink | undefined;
  private start: StartMessage | undefined;
  private phase: Phase = 'waiting';
  private idleTimer: NodeJS.Timeout | undefined;
  /** performance.now() of the last message received. */
  private lastMessageAt = 0;
  private sessionTimer: NodeJS.Timeout | undefined;
  private turnAudioMs = 0;
  private summarySent = false;
  private closeReason = 'client';
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;
  private readonly log: Logger;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: VoiceConnectionDeps,
    readonly connectionId: string,
  ) {
    this.log = deps.logger.child({ voice: { connectionId } });
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', (code) => void this.onClose(code));
    socket.on('error', (error) => this.log.warn({ err: error }, 'voice socket error'));
    this.armIdle();
  }

  get sessionId(): string | undefined {
    return this.session?.id;
  }

  /** Vendor streams and timers the session holds (0 once closed). */
  openResources(): number {
    return this.session?.openResources() ?? 0;
  }

  /** Refuse at once: used when the process already runs its maximum of sessions. */
  refuse(code: VoiceErrorCode, message: string): void {
    this.fail(code, message);
  }

  /** Server shutdown: wrap the interview up, then close with 1001. */
  async shutdown(signal: AbortSignal): Promise<void> {
    if (this.phase === 'closed') return;
    this.sendError('shutting_down', 'The server is restarting; the interview was ended.');
    await this.wrapUp('limit', signal);
    this.closeSocket(voiceErrorCodes.shutting_down, 'shutting_down');
    // A client that never answers the close handshake is cut when the grace period ends.
    const cut = () => this.socket.terminate();
    if (signal.aborted) cut();
    else signal.addEventListener('abort', cut, { once: true });
    await this.closed;
    signal.removeEventListener('abort', cut);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed' || this.phase === 'ending') return;
    this.armIdle();
    const bytes = toBuffer(data);
    if (bytes.length > this.deps.settings.VOICE_MAX_FRAME_BYTES) {
      this.fail(
        'frame_too_large',
        `Messages are limited to ${this.deps.settings.VOICE_MAX_FRAME_BYTES} bytes`,
      );
      return;
    }
    if (isBinary) {
      this.onAudioFrame(bytes);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      this.sendError('bad_message', 'A text message must be JSON');
      return;
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.sendError('bad_message', describeIssues(parsed.error));
      return;
    }
    this.onClientMessage(parsed.data);
  }

  private onClientMessage(message: ClientMessage): void {
    if (message.type === 'start') {
      if (this.start) {
        this.sendError('already_started', 'This socket already runs an interview');
        return;
      }
      void this.startSession(message);
      return;
    }
    const session = this.session;
    if (!session || this.phase !== 'running') {
      this.sendError('not_started', 'Send start first');
      return;
    }
    switch (message.type) {
      case 'audio':
        this.onUtterance(session, message.audio);
        break;
      case 'text':
        this.turnAudioMs = 0;
        session.pushText(message.text);
        break;
      case 'code':
        session.pushCode(message.code, message.language);
        break;
      case 'commit':
        this.turnAudioMs = 0;
        session.commit();
        break;
      case 'interrupt':
        session.interrupt();
        break;
      case 'end':
        void this.finish('candidate');
        break;
    }
  }

  private async startSession(message: StartMessage): Promise<void> {
    const { settings, providers, metrics, grant } = this.deps;
    const mismatch = grant && grantMismatch(grant, message);
    if (mismatch) {
      this.fail('ticket_mismatch', `start.${mismatch} differs from the session ticket's`);
      return;
    }
    this.start = message;
    const sink = new VoiceSocketSink({ socket: this.socket, mode: message.output ?? 'stream' });
    this.sink = sink;
    const hasVoice = providers.tts !== undefined;
    const sessionId = randomUUID();
    const session = this.deps.createSession({
      sessionId,
      role: message.role,
      experienceLevel: message.experienceLevel,
      format: message.format,
      durationMinutes: message.durationMinutes ?? grant?.durationMinutes,
      codingLanguage: message.codingLanguage ?? grant?.codingLanguage,
      plan: grant?.plan,
      llm: providers.llm,
      stt: providers.stt,
      tts: providers.tts,
      moderator: providers.moderator,
      sink: hasVoice ? sink : undefined,
      inputSampleRate: message.sampleRate,
      outputSampleRate: voiceOutputSampleRate,
      sinkLeadMs: 250,
      feedbackModel: settings.FEEDBACK_MODEL,
      deliver: this.deps.deliverFor?.(sessionId),
      onEvent: (event) => this.onSessionEvent(event),
      onPreemptiveReply: (outcome) => metrics.preemptiveReplies.inc({ outcome }),
      onEarlySentences: ({ sent, refuted }) => {
        metrics.earlySentences.inc({ outcome: 'sent' }, sent);
        if (refuted > 0) metrics.earlySentences.inc({ outcome: 'refuted' }, refuted);
      },
    });
    this.session = session;
    this.phase = 'running';
    metrics.activeSessions.inc();
    this.sessionTimer = setTimeout(() => {
      this.sendError('session_time_limit', 'The interview reached its maximum length');
      void this.finish('limit', voiceErrorCodes.session_time_limit, 'session_time_limit');
    }, settings.VOICE_MAX_SESSION_MS);
    this.log.info(
      { sessionId: session.id, role: message.role, level: message.experienceLevel, format: message.format },
      'voice interview started',
    );
    try {
      await session.start();
    } catch (error) {
      if (error instanceof PlanRequestError) {
        // The client asked for something the bank cannot plan (an unknown role…): its mistake, said plainly.
        this.fail(
          'bad_start',
          `${error.message} (${error.field}: one of ${error.allowed.slice(0, 20).join(', ')})`,
        );
        return;
      }
      this.log.error({ err: error, sessionId: session.id }, 'voice interview failed to start');
      this.sendError('session_error', 'The interview could not start');
      this.closeSocket(1011, 'session_error');
    }
  }

  private onSessionEvent(event: SessionEvent): void {
    if (event.type === 'metrics') {
      const { type: _type, ...figures } = event;
      this.deps.metrics.recordTurn(figures);
    }
    if (event.type === 'transcript' && event.role === 'interviewer' && !event.final && this.sink) {
      // A reply's first sentence comes before its audio: the audio then carries the transcript's turn id.
      if (this.sink.streaming.currentTurnId === undefined) this.sink.streaming.beginTurn(event.turnId);
    }
    // The engine heard the end of the candidate's turn: the next audio is a new turn.
    if (event.type === 'transcript' && event.role === 'candidate' && event.final) this.turnAudioMs = 0;
    if (event.type === 'summary') this.summarySent = true;
    if (event.type === 'error') {
      this.send({ type: 'error', code: event.code, message: event.message });
      if (event.fatal) {
        this.log.warn({ code: event.code }, 'voice interview failed');
        this.closeSocket(1011, event.code);
      }
      return;
    }
    this.send(event);
  }

  private onAudioFrame(bytes: Buffer): void {
    const session = this.session;
    if (!session || !this.start || this.phase !== 'running') {
      this.sendError('not_started', 'Send start before audio');
      return;
    }
    if (bytes.length % 2 !== 0) {
      this.sendError('bad_audio', 'Binary frames are PCM16: an even number of bytes');
      return;
    }
    const sampleRate = this.start.sampleRate;
    if (!this.countAudio(bytes.length / 2 / sampleRate)) return;
    // The message's own bytes (ws hands each message its own memory): read in place where aligned.
    session.pushAudio({ samples: int16FromBytesLE(bytes), sampleRate });
  }

  private onUtterance(session: InterviewSession, base64: string): void {
    const bytes = Buffer.from(base64, 'base64');
    const mimeType = detectAudioContainer(bytes);
    let input: AudioInput;
    let seconds: number;
    if (mimeType) {
      input = { data: new Uint8Array(bytes), mimeType };
      // Compressed sizes vary; 16 kB/s is about what a browser's Opus or a 8 kHz WAV takes.
      seconds = mimeType === 'audio/wav' ? wavSeconds(bytes) : bytes.length / 16_000;
    } else {
      if (bytes.length % 2 !== 0) {
        this.sendError('bad_audio', 'Raw audio is PCM16: an even number of bytes');
        return;
      }
      const sampleRate = this.start?.sampleRate ?? 16_000;
      input = { samples: bytesLEToInt16(bytes), sampleRate };
      seconds = bytes.length / 2 / sampleRate;
    }
    // One utterance is one whole turn.
    this.turnAudioMs = 0;
    if (!this.countAudio(seconds)) return;
    if (this.sink) this.sink.mode = 'whole';
    session.pushUtterance(input).catch((error: unknown) => {
      this.log.warn({ err: error, sessionId: session.id }, 'whole utterance failed');
      this.sendError('bad_audio', 'The recording could not be transcribed');
    });
  }

  /** Adds to this turn's audio; false (and the socket closing) when over the limit. */
  private countAudio(seconds: number): boolean {
    this.turnAudioMs += seconds * 1000;
    if (this.turnAudioMs <= this.deps.settings.VOICE_MAX_TURN_AUDIO_MS) return true;
    this.fail(
      'turn_audio_limit',
      `A turn may hold at most ${this.deps.settings.VOICE_MAX_TURN_AUDIO_MS} ms of audio`,
    );
    return false;
  }

  private armIdle(): void {
    // Every message counts (50 a second while audio streams): it only notes the time, and the one
    // timer, when it fires, waits on for what is left (cheaper than moving a timer per message).
    this.lastMessageAt = performance.now();
    this.idleTimer ??= setTimeout(this.onIdleTimer, this.deps.settings.VOICE_IDLE_TIMEOUT_MS);
  }

  private readonly onIdleTimer = (): void => {
    const leftMs = this.lastMessageAt + this.deps.settings.VOICE_IDLE_TIMEOUT_MS - performance.now();
    if (leftMs > 0) {
      this.idleTimer = setTimeout(this.onIdleTimer, leftMs);
      return;
    }
    this.sendError('idle_timeout', 'Nothing was received for too long');
    void this.finish('limit', voiceErrorCodes.idle_timeout, 'idle_timeout');
  };

  /** Ends the interview with its summary, then closes the socket. */
  private async finish(
    endedBy: InterviewSummary['endedBy'],
    closeCode = 1000,
    reason = endedBy === 'candidate' ? 'end' : endedBy,
  ): Promise<void> {
    if (this.phase === 'ending' || this.phase === 'closed') return;
    await this.wrapUp(endedBy, AbortSignal.timeout(wrapUpMs));
    this.closeSocket(closeCode, reason);
  }

  private async wrapUp(endedBy: InterviewSummary['endedBy'], signal: AbortSignal): Promise<void> {
    const session = this.session;
    if (!session || this.phase !== 'running') return;
    this.phase = 'ending';
    this.clearTimers();
    const aborted = new Promise<undefined>((resolve) => {
      if (signal.aborted) resolve(undefined);
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    try {
      const summary = await Promise.race([session.end(endedBy), aborted]);
      if (summary && !this.summarySent) this.send({ type: 'summary', summary });
    } catch (error) {
      this.log.warn({ err: error, sessionId: session.id }, 'voice interview did not wrap up');
    }
  }

  /** A limit was crossed: say which, then close with its code. */
  private fail(code: VoiceErrorCode, message: string): void {
    this.sendError(code, message);
    this.closeSocket(voiceErrorCodes[code] ?? 1008, code);
  }

  private sendError(code: VoiceErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  private send(message: object): void {
    if (this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private closeSocket(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.closeReason = reason;
    if (this.socket.readyState === OPEN) this.socket.close(code, reason);
    else this.socket.terminate();
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.idleTimer = undefined;
    this.sessionTimer = undefined;
  }

  private async onClose(code: number): Promise<void> {
    if (this.phase === 'closed') return;
    const wasRunning = this.session !== undefined;
    this.phase = 'closed';
    this.clearTimers();
    this.deps.metrics.closes.inc({ reason: this.closeReason });
    try {
      this.sink?.clear();
      await this.session?.close();
      await this.sink?.close();
    } catch (error) {
      this.log.warn({ err: error }, 'voice session did not close cleanly');
    } finally {
      if (wasRunning) this.deps.metrics.activeSessions.dec();
      this.log.info({ sessionId: this.session?.id, code, reason: this.closeReason }, 'voice socket closed');
      this.resolveClosed();
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Length of a WAV recording; 0 when it cannot be read (the STT will say so). */
function wavSeconds(bytes: Buffer): number {
  try {
    const wav = decodeWav(new Uint8Array(bytes));
    return wav.samples.length / wav.channels / wav.sampleRate;
  } catch {
    return 0;
  }
}
