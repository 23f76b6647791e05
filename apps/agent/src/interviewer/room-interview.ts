import type { Outbox } from '@bot-backend/backend-client';
import type { Providers } from '@bot-backend/factory';
import type { AudioSink } from '@bot-backend/interfaces';
import {
  createInterviewSession,
  type ExperienceLevelId,
  experienceLevelIds,
  type InterviewSession,
  type InterviewSessionOptions,
  type SessionEvent,
} from '@bot-backend/interview';
import type { Logger } from 'pino';
import type { AgentMetrics } from '../observability/agent-metrics.js';
import { outboxDelivery } from './interview-delivery.js';

/** The candidate's audio reaches the engine at this rate. */
export const INTERVIEW_INPUT_SAMPLE_RATE = 16_000;

export interface RoomInterviewOptions {
  sessionId: string;
  meetingId: string;
  role: string | null | undefined;
  experienceLevel: string | null | undefined;
  providers: Pick<Providers, 'llm' | 'stt' | 'tts' | 'moderator'>;
  sink: AudioSink;
  outputSampleRate: number;
  /** Audio sent to the room but maybe not heard yet. */
  sinkLeadMs: number;
  /** Results to user-management; absent → not delivered. */
  outbox?: Outbox | undefined;
  feedbackModel?: string | undefined;
  logger: Logger;
  metrics: AgentMetrics;
  /** The interview is over (`complete`) or failed (`error`). */
  onFinished: (reason: 'complete' | 'error') => void;
  /** For tests: a fixed plan and turn-taking settings. */
  plan?: InterviewSessionOptions['plan'];
  turnSettings?: InterviewSessionOptions['turnSettings'];
  /** Every engine event, after it was logged. */
  onEvent?: (event: SessionEvent) => void;
}

function level(value: string | null | undefined): ExperienceLevelId {
  return (experienceLevelIds as readonly string[]).includes(value ?? '')
    ? (value as ExperienceLevelId)
    : 'mid';
}

/**
 * The conversation engine set up for a LiveKit room: its voice into `sink`,
 * its results into the outbox, transcripts logged under `pii.transcript`,
 * per-turn latency into the metrics and the log.
 */
export function createRoomInterview(options: RoomInterviewOptions): InterviewSession {
  const { logger: log, metrics, providers } = options;
  return createInterviewSession({
    sessionId: options.sessionId,
    role: options.role ?? 'backend',
    experienceLevel: level(options.experienceLevel),
    format: 'blended',
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.turnSettings ? { turnSettings: options.turnSettings } : {}),
    llm: providers.llm,
    stt: providers.stt,
    tts: providers.tts,
    moderator: providers.moderator,
    sink: options.sink,
    inputSampleRate: INTERVIEW_INPUT_SAMPLE_RATE,
    outputSampleRate: options.outputSampleRate,
    sinkLeadMs: options.sinkLeadMs,
    feedbackModel: options.feedbackModel,
    deliver: options.outbox
      ? outboxDelivery(options.outbox, options.sessionId, options.meetingId)
      : undefined,
    onEvent: (event) => {
      if (event.type === 'transcript' && event.final) {
        log.info(
          {
            role: event.role,
            turnId: event.turnId,
            interrupted: event.interrupted,
            'pii.transcript': event.text,
          },
          'interview transcript',
        );
      } else if (event.type === 'phase') {
        log.info({ phase: event.phase }, 'interview phase');
      } else if (event.type === 'error') {
        log[event.fatal ? 'error' : 'warn']({ code: event.code, detail: event.message }, 'interview error');
        if (event.fatal) options.onFinished('error');
      } else if (event.type === 'summary') {
        options.onFinished('complete');
      }
      options.onEvent?.(event);
    },
    onMetrics: (turn) => {
      metrics.observe('turn.stt', turn.sttMs);
      metrics.observe('turn.llm_first_token', turn.llmFirstTokenMs);
      metrics.observe('turn.tts_first_byte', turn.ttsFirstByteMs);
      metrics.observe('turn.first_audio', turn.firstAudioMs);
      log.info({ turn }, 'turn latency');
    },
  });
}
