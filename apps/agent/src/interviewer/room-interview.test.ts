import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { speechLike } from '@bot-backend/audio';
import { type BackendClient, createBackendClient } from '@bot-backend/backend-client';
import { type InterviewSession, planFromBank, type SessionEvent } from '@bot-backend/interview';
import {
  type CartesiaFake,
  type DeepgramFake,
  startCartesiaFake,
  startDeepgramFake,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentMetrics } from '../observability/agent-metrics.js';
import { openMeetingOutbox } from '../transcript/meeting-outbox.js';
import { LiveKitTrackSink } from './livekit-track-sink.js';
import { createRoomInterview } from './room-interview.js';

// The interviewer as the room job sets it up: the conversation engine with the real
// Deepgram and Cartesia packages against their fakes, speaking into a LiveKitTrackSink
// (a real rtc-node AudioSource, played at real time), results through the outbox to the
// user-management stand-in. Only the room itself (WebRTC) is missing.
const SECRET = 'agent-interviewer-secret-0123456789abcdef';
let deepgram: DeepgramFake;
let cartesia: CartesiaFake;
let standIn: UserManagementStandIn;
let client: BackendClient;
let dir: string;
beforeAll(async () => {
  [deepgram, cartesia, standIn] = await Promise.all([
    startDeepgramFake(),
    startCartesiaFake(),
    startUserManagementStandIn({ secret: SECRET }),
  ]);
  client = createBackendClient({ baseUrl: standIn.url, secret: SECRET });
  dir = mkdtempSync(join(tmpdir(), 'agent-interviewer-'));
}, 120_000);
afterAll(async () => {
  await client?.dispose();
  await Promise.all([deepgram?.close(), cartesia?.close(), standIn?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function speak(session: InterviewSession, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    session.pushAudio(speechLike({ durationMs: 20, sampleRate: 16_000 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Transcript = Extract<SessionEvent, { type: 'transcript' }>;
const interviewerFinal = (e: SessionEvent): e is Transcript =>
  e.type === 'transcript' && e.role === 'interviewer' && e.final;

describe('interviewer mode without a room', () => {
  it('speaks through the LiveKit track sink, is cut by barge-in, and reports through the outbox', async () => {
    const sink = new LiveKitTrackSink({ sampleRate: 24_000, sourceQueueMs: 200 });
    const outbox = await openMeetingOutbox(join(dir, 'outbox'), 'iv-7', client);
    outbox.start();
    const metrics = new AgentMetrics();
    const events: SessionEvent[] = [];
    const finished: string[] = [];
    const session = createRoomInterview({
      sessionId: 'meeting-iv-7-AJ_1',
      meetingId: 'iv-7',
      role: 'backend',
      experienceLevel: 'senior',
      providers: {
        stt: createDeepgram({ apiKey: deepgram.apiKey, baseUrl: deepgram.url }).stt(),
        tts: createCartesia({ apiKey: cartesia.apiKey, baseURL: cartesia.url }).tts(),
      },
      plan: planFromBank({
        role: 'backend',
        experienceLevel: 'senior',
        format: 'blended',
        durationMinutes: 30,
        seed: 3,
      }),
      sink,
      outputSampleRate: 24_000,
      sinkLeadMs: 200,
      outbox,
      logger: pino({ level: 'silent' }),
      metrics,
      onFinished: (reason) => finished.push(reason),
      onEvent: (e) => events.push(e),
      turnSettings: {
        phases: {
          intro: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
          technical: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
          coding: { endOfTurnSilenceMs: null, thinkingGraceMs: 0 },
          behavioral: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
          wrap_up: { endOfTurnSilenceMs: 400, thinkingGraceMs: 1_000 },
        },
        minInterruptMs: 350,
        minInterruptWords: 2,
        falseInterruptionMs: 700,
      },
    });
    try {
      await session.start();
      // The greeting is playing into the room's track.
      await until(() => sink.deliveredMs > 300);
      deepgram.script('sorry could you repeat the question please');
      await speak(session, 1_600);
      await until(() => events.some(interviewerFinal));
      const line = events.find(interviewerFinal)!;
      expect(line.interrupted).toBe(true);
      // Barge-in emptied our queue and the source's buffer: the rest of the greeting never played.
      expect(sink.queuedMs).toBe(0);
      expect(sink.unplayedMs).toBe(0);
      // What is kept is what was heard: a prefix of the line the interviewer was saying.
      const said = events
        .filter((e): e is Transcript => e.type === 'transcript' && e.role === 'interviewer' && !e.final)
        .at(-1)!.text;
      expect(said.startsWith(line.text)).toBe(true);
      expect(line.text.length).toBeLessThan(said.length);
      const wholeLineMs = (cartesia.expectedSamples(said, 24_000) / 24_000) * 1000;
      expect(sink.deliveredMs).toBeLessThan(wholeLineMs);

      const summary = await session.end('candidate');
      expect(finished).toContain('complete');
      await outbox.drained({ signal: AbortSignal.timeout(10_000) });
      const report = (await standIn.rows()).find(
        (r) => r.kind === 'report' && r.sessionId === 'meeting-iv-7-AJ_1',
      );
      expect(report?.meetingId).toBe('iv-7');
      expect(report?.summary).toContain('backend (senior), blended interview, ended by candidate.');
      expect(report?.payload.report).toMatchObject({ sessionId: summary.sessionId, endedBy: 'candidate' });
    } finally {
      await session.close();
      await sink.close();
      await outbox.close();
    }
  }, 60_000);
});
