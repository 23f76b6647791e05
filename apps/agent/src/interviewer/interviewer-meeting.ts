import type { BackendClient, Outbox } from '@bot-backend/backend-client';
import type { Providers } from '@bot-backend/factory';
import type { AudioSink } from '@bot-backend/interfaces';
import { AutoSubscribe, type JobContext } from '@livekit/agents';
import {
  type RemoteParticipant,
  type RemoteTrack,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import type { Logger } from 'pino';
import { TRANSCRIPT_DRAIN_MS } from '../job/agent-timing.js';
import type { AgentMetrics } from '../observability/agent-metrics.js';
import { remoteAudioFrames } from '../silent/room-audio.js';
import { openMeetingOutbox } from '../transcript/meeting-outbox.js';
import { startRoomAvatar } from './avatar-handoff.js';
import { LiveKitTrackSink } from './livekit-track-sink.js';
import { createRoomInterview, INTERVIEW_INPUT_SAMPLE_RATE } from './room-interview.js';

export interface InterviewerDeps {
  meetingId: string;
  role: string | null | undefined;
  experienceLevel: string | null | undefined;
  providers: Providers;
  backend: BackendClient | undefined;
  outboxRoot: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  feedbackModel: string;
  logger: Logger;
  metrics: AgentMetrics;
}

const TRACK_SAMPLE_RATE = 24_000;
/** The rtc-node source's buffer: audio sent but maybe not heard yet. */
const TRACK_SOURCE_QUEUE_MS = 200;

/**
 * Interviewer mode: the conversation engine (`@bot-backend/interview`) runs in
 * the room. Its voice is published as an audio track (or streamed to an avatar
 * when AVATAR_PROVIDER names one that can join LiveKit); the first person in the
 * room is the candidate, whose audio feeds the engine, which handles barge-in by
 * clearing the sink. Results go to user-management through the outbox.
 */
export async function runInterviewer(ctx: JobContext, deps: InterviewerDeps): Promise<void> {
  const { logger, metrics, providers } = deps;
  const joinStarted = performance.now();
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  metrics.observe('room.join', performance.now() - joinStarted);
  const room = ctx.room;

  let sink: AudioSink | undefined;
  let outputSampleRate = TRACK_SAMPLE_RATE;
  let sinkLeadMs = TRACK_SOURCE_QUEUE_MS;
  if (providers.avatar) {
    try {
      const handOff = await startRoomAvatar({
        avatar: providers.avatar,
        room,
        roomName: room.name ?? ctx.job.room?.name ?? '',
        agentIdentity: room.localParticipant?.identity ?? '',
        livekit: deps.livekit,
        logger,
      });
      if (handOff) {
        sink = handOff.sink;
        outputSampleRate = handOff.sink.sampleRate;
        sinkLeadMs = 300;
      }
    } catch (error) {
      logger.warn({ err: error }, 'avatar could not start; the interviewer speaks through an audio track');
    }
  }
  if (!sink) {
    const trackSink = new LiveKitTrackSink({
      sampleRate: TRACK_SAMPLE_RATE,
      sourceQueueMs: TRACK_SOURCE_QUEUE_MS,
    });
    await room.localParticipant?.publishTrack(
      trackSink.track,
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
    );
    sink = trackSink;
  }

  const candidate = await ctx.waitForParticipant();
  const sessionId = `meeting-${deps.meetingId}-${ctx.job.id}`;
  const log = logger.child({ sessionId, candidate: candidate.identity });
  let outbox: Outbox | undefined;
  if (deps.backend) {
    outbox = await openMeetingOutbox(deps.outboxRoot, sessionId, deps.backend);
    outbox.start();
  }

  let finished: (reason: string) => void = () => {};
  const over = new Promise<string>((resolve) => {
    finished = resolve;
  });
  const session = createRoomInterview({
    sessionId,
    meetingId: deps.meetingId,
    role: deps.role,
    experienceLevel: deps.experienceLevel,
    providers,
    sink,
    outputSampleRate,
    sinkLeadMs,
    outbox,
    feedbackModel: deps.feedbackModel,
    logger: log,
    metrics,
    onFinished: finished,
  });

  const listening = new Set<string>();
  const listen = (track: RemoteTrack, participant: RemoteParticipant) => {
    if (participant.identity !== candidate.identity || track.kind !== TrackKind.KIND_AUDIO) return;
    if (!track.sid || listening.has(track.sid)) return;
    listening.add(track.sid);
    void (async () => {
      for await (const frame of remoteAudioFrames(track, INTERVIEW_INPUT_SAMPLE_RATE))
        session.pushAudio(frame);
    })()
      .catch((error: unknown) => log.warn({ err: error }, 'candidate audio stream failed'))
      .finally(() => listening.delete(track.sid!));
  };
  room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => listen(track, participant));
  for (const publication of candidate.trackPublications.values()) {
    if (publication.track) listen(publication.track, candidate);
  }
  room.on(RoomEvent.ParticipantDisconnected, (participant) => {
    if (participant.identity === candidate.identity) finished('candidate_left');
  });
  room.on(RoomEvent.Disconnected, () => finished('room_closed'));
  ctx.addShutdownCallback(async () => {
    finished('shutdown');
  });

  await session.start();
  log.info('interview started');
  const reason = await over;
  if (reason !== 'complete') {
    const summary = await session.end('disconnect').catch((error: unknown) => {
      log.warn({ err: error }, 'could not end the interview cleanly');
      return undefined;
    });
    if (summary) log.info({ overallScore: summary.overallScore }, 'interview summary');
  }
  await session.close();
  await sink.close();
  if (outbox) {
    await outbox.drained({ signal: AbortSignal.timeout(TRANSCRIPT_DRAIN_MS) }).catch(() => {
      log.warn('interview results still queued; the worker will resend them');
    });
    await outbox.close();
  }
  log.info({ reason, metrics: metrics.snapshot() }, 'interview ended');
  ctx.shutdown(`interview ended: ${reason}`);
}
