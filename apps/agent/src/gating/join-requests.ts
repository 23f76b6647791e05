import { type BackendClient, BackendError } from '@bot-backend/backend-client';
import type { JobRequest } from '@livekit/agents';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgentMetrics } from '../observability/agent-metrics.js';
import {
  type AgentConfigLookup,
  type AgentMode,
  decideJoin,
  type JoinDecision,
  parseMeetingRoom,
} from './room-gating.js';

/** Asks user-management for a meeting's agent config; every failure becomes a reason, never a throw. */
export async function lookupAgentConfig(
  client: BackendClient,
  meetingId: string,
  options: { timeoutMs: number },
): Promise<AgentConfigLookup> {
  try {
    const config = await client.agentConfig(meetingId, {
      signal: AbortSignal.timeout(options.timeoutMs),
      // A join decision cannot wait for long backoffs: one quick retry at most.
      retry: { maxAttempts: 2 },
    });
    return { ok: true, config };
  } catch (error) {
    if (BackendError.isInstance(error)) {
      const status = error.status === undefined ? '' : ` ${error.status}`;
      return { ok: false, reason: `${error.kind}${status}`, detail: error.message };
    }
    return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** What the accepted job needs to know; travels as the agent participant's metadata. */
export const jobAssignmentSchema = z.object({
  meetingId: z.string().min(1),
  mode: z.enum(['silent', 'interviewer']),
  role: z.string().nullish(),
  experienceLevel: z.string().nullish(),
});
export type JobAssignment = z.infer<typeof jobAssignmentSchema>;

const participantNames: Record<AgentMode, string> = {
  silent: 'Meeting notes',
  interviewer: 'Interviewer',
};

export interface JoinRequestDeps {
  /** Absent when BACKEND_API_URL is not set: nothing is joined then. */
  lookup: ((meetingId: string) => Promise<AgentConfigLookup>) | undefined;
  logger: Logger;
  metrics: AgentMetrics;
  /** STT_PROVIDER is set (both modes need to hear). */
  sttConfigured: boolean;
  /** Called with every decision (after accept/reject), for tests and metrics. */
  onDecision?: (decision: JoinDecision, roomName: string) => void;
}

/**
 * The worker's `requestFunc`: runs the room gate for each job LiveKit offers,
 * asking user-management only for meeting rooms, then accepts (with the
 * meeting id and mode as the agent's metadata) or rejects and logs why.
 */
export function createRequestFunc(deps: JoinRequestDeps): (request: JobRequest) => Promise<void> {
  return async (request) => {
    const roomName = request.room?.name ?? '';
    const roomMetadata = request.room?.metadata;
    const room = parseMeetingRoom(roomName);
    let lookup: AgentConfigLookup | undefined;
    let configFor: AgentConfigLookup | undefined;
    if (room.ok && deps.lookup && deps.sttConfigured) {
      lookup = await deps.lookup(room.meetingId);
      configFor = lookup;
    }
    const decision = decideJoin({ roomName, roomMetadata, lookup, sttConfigured: deps.sttConfigured });
    const log = deps.logger.child({
      room: roomName,
      meetingId: room.ok ? room.meetingId : undefined,
      jobId: request.id,
    });
    if (decision.join) {
      deps.metrics.joinAccepted();
      const config = configFor?.ok ? configFor.config : undefined;
      const assignment: JobAssignment = {
        meetingId: decision.meetingId,
        mode: decision.mode,
        role: config?.role ?? null,
        experienceLevel: config?.experienceLevel ?? null,
      };
      log.info({ mode: decision.mode }, 'joining room');
      await request.accept(participantNames[decision.mode], '', JSON.stringify(assignment), {
        'meeting.id': decision.meetingId,
        'agent.mode': decision.mode,
      });
    } else {
      deps.metrics.joinRefused(decision.reason);
      const level = decision.reason === 'user_management_unreachable' ? 'warn' : 'info';
      log[level]({ reason: decision.reason, detail: decision.detail }, 'not joining room');
      await request.reject();
    }
    deps.onDecision?.(decision, roomName);
  };
}
