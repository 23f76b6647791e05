import { type AppDeps, createApp, inProcessDeps, startServer } from '@bot-backend/api';
import type { AudioFrame, LLM, STT, TTS } from '@bot-backend/interfaces';
import {
  createInterviewSession,
  type InterviewSessionOptions,
  type Plan,
  type SessionEvent,
} from '@bot-backend/interview';
import type { TurnSettings } from '@bot-backend/voice';
import { WebSocket } from 'ws';
import type { RecordingSink } from './recording-sink.js';

/** How a persona reaches the interviewer: the /ws/voice socket of apps/api, or the engine in-process. */
export type TransportKind = 'socket' | 'engine';

export interface InterviewTransport {
  /** Starts the interview: resolves once it is planned and the greeting began. */
  start(): Promise<void>;
  /** One microphone frame (PCM16, 16 kHz). */
  pushAudio(frame: AudioFrame): void;
  /** The candidate ends the interview (or the run's limit does). */
  end(reason: 'candidate' | 'limit'): void;
  close(): Promise<void>;
}

export interface TransportSetup {
  plan: Plan;
  stt: STT;
  tts: TTS;
  /** The interviewer's model (follow-ups, replies); absent: the offline interviewer. */
  llm?: LLM | undefined;
  turnSettings: TurnSettings;
  holdingLineAfterMs: number;
  /** The candidate's ears: interviewer audio goes here. */
  sink: RecordingSink;
  onEvent: (event: SessionEvent) => void;
}

/** The session options the simulation pins: its plan, and turn-taking at its time scale. */
function pinned(setup: TransportSetup, options: InterviewSessionOptions): InterviewSessionOptions {
  return {
    ...options,
    plan: setup.plan,
    turnSettings: setup.turnSettings,
    holdingLineAfterMs: setup.holdingLineAfterMs,
  };
}

/** The conversation engine in this process, its audio straight into the candidate's sink. */
export function engineTransport(setup: TransportSetup): InterviewTransport {
  const { plan } = setup;
  const session = createInterviewSession(
    pinned(setup, {
      role: plan.role,
      experienceLevel: plan.experienceLevel,
      format: plan.format,
      stt: setup.stt,
      tts: setup.tts,
      llm: setup.llm,
      sink: setup.sink,
      inputSampleRate: 16_000,
      outputSampleRate: 24_000,
      sinkLeadMs: 250,
      onEvent: setup.onEvent,
    }),
  );
  return {
    start: () => session.start(),
    pushAudio: (frame) => session.pushAudio(frame),
    end: (reason) => void session.end(reason),
    close: () => session.close(),
  };
}

/**
 * apps/api on a loopback port, with its /ws/voice socket, connection limits
 * and streaming sink as they run in production; the candidate is a WebSocket
 * client that streams binary PCM16 frames and plays the binary audio it gets.
 * Only the engine factory is wrapped, to pin the plan and the time scale.
 */
export function socketTransport(setup: TransportSetup): InterviewTransport {
  let socket: WebSocket | undefined;
  let server: { shutdown(reason: string): Promise<void> } | undefined;
  let outputRate = 24_000;

  const start = async (): Promise<void> => {
    const deps: AppDeps = {
      ...inProcessDeps({
        loopback: true,
        env: { LOG_LEVEL: 'warn' },
        providers: { stt: setup.stt, tts: setup.tts, ...(setup.llm ? { llm: setup.llm } : {}) },
      }),
      createInterviewSession: (options) => createInterviewSession(pinned(setup, options)),
    };
    const app = createApp(deps);
    const running = await startServer(app, deps);
    server = running;
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/ws/voice`);
    socket = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const started = new Promise<void>((resolve, reject) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          const samples = new Int16Array(
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
          );
          void setup.sink.write({ samples, sampleRate: outputRate }).catch(() => {});
          return;
        }
        const message = JSON.parse(data.toString()) as { type: string; [key: string]: unknown };
        if (message.type === 'audio_start' && typeof message.sampleRate === 'number')
          outputRate = message.sampleRate;
        // The server cut its reply (barge-in): what it already sent stops playing too.
        if (message.type === 'clear') setup.sink.clear();
        if (message.type === 'session') resolve();
        if (message.type === 'error' && message.code === 'bad_start')
          reject(new Error(String(message.message)));
        setup.onEvent(message as unknown as SessionEvent);
      });
      ws.once('close', () => reject(new Error('the socket closed before the interview started')));
    });
    const { plan } = setup;
    ws.send(
      JSON.stringify({
        type: 'start',
        role: plan.role,
        experienceLevel: plan.experienceLevel,
        format: plan.format,
        sampleRate: 16_000,
        durationMinutes: plan.durationMinutes,
      }),
    );
    await started;
  };

  return {
    start,
    pushAudio(frame) {
      if (socket?.readyState !== WebSocket.OPEN) return;
      const { samples } = frame;
      socket.send(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    },
    end() {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'end' }));
    },
    async close() {
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        const closed = new Promise<void>((resolve) => socket!.once('close', () => resolve()));
        socket.close();
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      }
      await server?.shutdown('simulation over');
    },
  };
}
