import type { BackendClient } from '@bot-backend/backend-client';
import type { LLM, STT } from '@bot-backend/interfaces';
import { AutoSubscribe, type JobContext } from '@livekit/agents';
import {
  ParticipantKind,
  type RemoteParticipant,
  type RemoteTrack,
  RoomEvent,
  TrackKind,
} from '@livekit/rtc-node';
import type { Logger } from 'pino';
import {
  MEETING_GRACE_MS,
  SUMMARY_TIMEOUT_MS,
  TRANSCRIPT_DELIVER_BUDGET_MS,
  TRANSCRIPT_DRAIN_MS,
} from '../job/agent-timing.js';
import type { AgentMetrics } from '../observability/agent-metrics.js';
import { MeetingJournal } from '../transcript/meeting-journal.js';
import { openMeetingOutbox } from '../transcript/meeting-outbox.js';
import { type MeetingEndReason, MeetingPresence } from '../transcript/meeting-presence.js';
import { MeetingTranscriber, type TrackTranscription } from '../transcript/meeting-transcriber.js';
import { TranscriptAggregator } from '../transcript/transcript-aggregator.js';
import { handOffTranscript } from '../transcript/transcript-handoff.js';
import { remoteAudioFrames } from './room-audio.js';

export interface SilentMeetingDeps {
  meetingId: string;
  stt: STT;
  llm: LLM | undefined;
  backend: BackendClient;
  journalDir: string;
  outboxRoot: string;
  logger: Logger;
  metrics: AgentMetrics;
  graceMs?: number;
}

const STT_SAMPLE_RATE = 16_000;

/** Agents (this worker, an avatar) and recorders (egress) neither speak in the transcript nor keep a meeting going. */
const isPerson = (participant: RemoteParticipant) =>
  participant.kind !== ParticipantKind.AGENT && participant.kind !== ParticipantKind.EGRESS;

/**
 * Silent participant: joins without publishing, transcribes every person's
 * audio (one STT session per track, journalled as finals arrive), and when the
 * meeting is over summarizes and hands transcript and summary to the outbox.
 */
export async function runSilentMeeting(ctx: JobContext, deps: SilentMeetingDeps): Promise<void> {
  const { logger, metrics, meetingId } = deps;
  const joinStarted = performance.now();
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  metrics.observe('room.join', performance.now() - joinStarted);
  const room = ctx.room;

  let journal = await MeetingJournal.open(deps.journalDir, meetingId);
  if (journal.recovered?.ended) {
    // An earlier meeting in this room ended, but the process stopped before handing it off.
    logger.warn({ journalId: journal.journalId }, 'handing off a meeting that ended before a restart');
    await handOff(
      journal,
      TranscriptAggregator.from(journal.recovered.segments),
      journal.recovered.ended.reason,
      deps,
    );
    journal = await MeetingJournal.open(deps.journalDir, meetingId);
  } else if (journal.recovered) {
    logger.info(
      { journalId: journal.journalId, segments: journal.recovered.segments.length },
      'continuing the meeting transcript after a restart',
    );
  }

  let firstTranscript = true;
  const transcriber = new MeetingTranscriber({
    journal,
    stt: deps.stt,
    sampleRate: STT_SAMPLE_RATE,
    onSegment: (segment) => {
      if (firstTranscript) {
        firstTranscript = false;
        metrics.observe('room.first_transcript', performance.now() - joinStarted);
      }
      logger.debug({ speaker: segment.speaker, 'pii.transcript': segment.text }, 'final transcript');
    },
    onSttError: (speaker, error) =>
      logger.warn({ speaker: speaker.identity, error: error.toJSON() }, 'speech-to-text failed for a track'),
    onJournalError: (speaker, error) =>
      logger.error({ speaker: speaker.identity, err: error }, 'could not journal a final transcript'),
  });

  const tracks = new Map<string, TrackTranscription>();
  const startTrack = (track: RemoteTrack, participant: RemoteParticipant) => {
    if (track.kind !== TrackKind.KIND_AUDIO || !isPerson(participant) || !track.sid) return;
    if (tracks.has(track.sid)) return;
    logger.info({ speaker: participant.identity, track: track.sid }, 'transcribing track');
    const transcription = transcriber.addTrack(
      { identity: participant.identity, name: participant.name || undefined },
      remoteAudioFrames(track, STT_SAMPLE_RATE),
    );
    tracks.set(track.sid, transcription);
    void transcription.done.finally(() => tracks.delete(track.sid!));
  };

  let ended: (reason: MeetingEndReason) => void = () => {};
  const meetingOver = new Promise<MeetingEndReason>((resolve) => {
    ended = resolve;
  });
  const presence = new MeetingPresence({
    graceMs: deps.graceMs ?? MEETING_GRACE_MS,
    onEnded: (r) => ended(r),
  });

  room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => startTrack(track, participant));
  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    if (track.sid) void tracks.get(track.sid)?.stop();
  });
  room.on(RoomEvent.ParticipantConnected, (participant) => {
    if (isPerson(participant)) presence.joined(participant.identity);
  });
  room.on(RoomEvent.ParticipantDisconnected, (participant) => presence.left(participant.identity));
  room.on(RoomEvent.Disconnected, () => presence.roomClosed());

  const people = [...room.remoteParticipants.values()].filter(isPerson);
  presence.start(people.map((p) => p.identity));
  for (const participant of people) {
    for (const publication of participant.trackPublications.values()) {
      if (publication.track) startTrack(publication.track, participant);
    }
  }

  let finished = false;
  ctx.addShutdownCallback(async () => {
    presence.dispose();
    if (finished) return;
    // Shut down mid-meeting (worker draining): keep what is final; the next job continues the journal.
    await transcriber.finish();
    await journal.close();
  });

  const reason = await meetingOver;
  logger.info({ reason, participantsLeft: presence.participants }, 'meeting ended');
  await transcriber.finish();
  finished = true;
  await handOff(journal, transcriber.aggregator, reason, deps);
  logger.info({ metrics: metrics.snapshot() }, 'room metrics');
  ctx.shutdown(`meeting ended: ${reason}`);
}

async function handOff(
  journal: MeetingJournal,
  aggregator: TranscriptAggregator,
  reason: string,
  deps: SilentMeetingDeps,
): Promise<void> {
  const { logger, metrics } = deps;
  const outbox = await openMeetingOutbox(deps.outboxRoot, deps.meetingId, deps.backend);
  try {
    const result = await handOffTranscript({
      journal,
      segments: aggregator.segments(),
      outbox,
      endReason: reason,
      llm: deps.llm,
      nameOf: (speaker) => aggregator.nameOf(speaker),
      deliverBudgetMs: TRANSCRIPT_DELIVER_BUDGET_MS,
      summaryTimeoutMs: SUMMARY_TIMEOUT_MS,
    });
    metrics.transcriptHandedOff(result.delivery, result.segments);
    metrics.summaryMade(
      result.summary.method,
      result.summary.fallbackReason !== undefined && deps.llm !== undefined,
    );
    if (result.summary.fallbackReason && deps.llm) {
      logger.warn(
        { reason: result.summary.fallbackReason },
        'LLM summary failed; posted the extractive summary',
      );
    }
    logger.info(
      { delivery: result.delivery, segments: result.segments, summary: result.summary.method },
      'meeting transcript handed off',
    );
    if (result.delivery === 'queued') {
      outbox.start();
      await outbox.drained({ signal: AbortSignal.timeout(TRANSCRIPT_DRAIN_MS) }).catch(() => {
        logger.warn('transcript still queued; the worker will resend it');
      });
    }
  } catch (error) {
    metrics.transcriptFailed();
    logger.error({ err: error }, 'could not hand off the meeting transcript; the journal keeps it');
  } finally {
    await outbox.close();
  }
}
