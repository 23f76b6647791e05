import { loadSettings } from '@bot-backend/config';
import { buildProviders, resolveSettings } from '@bot-backend/factory';
import { warmUpInterviewEngine } from '@bot-backend/interview';
import { defineAgent, type JobContext } from '@livekit/agents';
import pino from 'pino';
import { agentRequiredSettings } from '../agent-settings.js';
import { jobAssignmentSchema } from '../gating/join-requests.js';
import { runInterviewer } from '../interviewer/interviewer-meeting.js';
import { AgentMetrics } from '../observability/agent-metrics.js';
import { runSilentMeeting } from '../silent/silent-meeting.js';
import { agentDataDir, meetingJournalDir, meetingOutboxRoot } from './agent-paths.js';
import { backendFor } from './backend-for.js';

/**
 * One room's job, in its own process (LiveKit forks it and imports this file).
 * The main process's requestFunc decided to join and chose the mode; that
 * decision arrives as the metadata it accepted the job with.
 */
async function entry(ctx: JobContext): Promise<void> {
  // The same resolution as main(), so a job grades with the same FEEDBACK_MODEL.
  const settings = resolveSettings(loadSettings({ require: agentRequiredSettings }));
  const assignment = jobAssignmentSchema.parse(JSON.parse(ctx.info.acceptArguments.metadata || '{}'));
  const logger = pino({
    level: settings.LOG_LEVEL,
    base: {
      service: 'agent',
      room: ctx.job.room?.name,
      meetingId: assignment.meetingId,
      jobId: ctx.job.id,
      mode: assignment.mode,
    },
  });
  const metrics = new AgentMetrics();
  const providers = await buildProviders(settings, {
    onEvent: (event) => logger.info({ event }, 'provider event'),
  });
  const backend = backendFor(settings);
  const dataDir = agentDataDir(settings.OUTBOX_DIR);
  logger.info('job started');
  try {
    if (assignment.mode === 'interviewer') {
      await runInterviewer(ctx, {
        meetingId: assignment.meetingId,
        role: assignment.role,
        experienceLevel: assignment.experienceLevel,
        providers,
        backend,
        outboxRoot: meetingOutboxRoot(dataDir),
        livekit: {
          url: settings.LIVEKIT_URL,
          apiKey: settings.LIVEKIT_API_KEY,
          apiSecret: settings.LIVEKIT_API_SECRET,
        },
        feedbackModel: settings.FEEDBACK_MODEL,
        logger,
        metrics,
      });
    } else if (!providers.stt || !backend) {
      // The main process refuses such rooms; settings changed between the decision and the job.
      logger.error(
        { stt: Boolean(providers.stt), backend: Boolean(backend) },
        'cannot transcribe this meeting',
      );
      ctx.shutdown('not configured for transcription');
    } else {
      await runSilentMeeting(ctx, {
        meetingId: assignment.meetingId,
        stt: providers.stt,
        llm: providers.llm,
        backend,
        journalDir: meetingJournalDir(dataDir),
        outboxRoot: meetingOutboxRoot(dataDir),
        logger,
        metrics,
      });
    }
  } catch (error) {
    logger.error({ err: error }, 'job failed');
    throw error;
  } finally {
    await backend?.dispose();
  }
}

/**
 * Runs in an idle job process before LiveKit gives it a room (awaited, within the worker's
 * 10 s initialize timeout): the interview engine is compiled before the candidate's first answer,
 * which otherwise waits about 75 ms more for its reply. A failure leaves the process usable, cold.
 */
async function prewarm(): Promise<void> {
  await warmUpInterviewEngine({ timeoutMs: 5_000, patterns: 'all' }).catch(() => undefined);
}

export default defineAgent({ entry, prewarm });
