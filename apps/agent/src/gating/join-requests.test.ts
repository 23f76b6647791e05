import { type BackendClient, createBackendClient } from '@bot-backend/backend-client';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { type JobAcceptArguments, JobRequest } from '@livekit/agents';
import { Job, Room } from '@livekit/protocol';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentMetrics } from '../observability/agent-metrics.js';
import { createRequestFunc, jobAssignmentSchema, lookupAgentConfig } from './join-requests.js';

const SECRET = 'agent-gating-secret-0123456789abcdef-xyz';
let standIn: UserManagementStandIn;
let client: BackendClient;
beforeAll(async () => {
  standIn = await startUserManagementStandIn({
    secret: SECRET,
    agentConfigs: {
      'off-1': { autoJoin: false },
      'iv-2': { autoJoin: true, interviewer: true, role: 'backend', experienceLevel: 'senior' },
    },
  });
  client = createBackendClient({
    baseUrl: standIn.url,
    secret: SECRET,
    retry: { baseDelayMs: 5, maxDelayMs: 10 },
  });
}, 120_000);
afterEach(async () => {
  await standIn.up();
});
afterAll(async () => {
  await client?.dispose();
  await standIn?.close();
});

/** A JobRequest as the worker gets it from the server, with what accept/reject did. */
function offer(name: string, metadata = '') {
  const outcome: { accepted?: JobAcceptArguments; rejected?: boolean } = {};
  const request = new JobRequest(
    new Job({ id: `AJ_${name}`, room: new Room({ name, metadata }) }),
    async () => {
      outcome.rejected = true;
    },
    async (args) => {
      outcome.accepted = args;
    },
  );
  return { request, outcome };
}

function logged() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('the worker requestFunc against the user-management stand-in', () => {
  const requestFunc = (metrics: AgentMetrics, logger: pino.Logger) =>
    createRequestFunc({
      lookup: (id) => lookupAgentConfig(client, id, { timeoutMs: 2_000 }),
      logger,
      metrics,
      sttConfigured: true,
    });

  it('accepts a meeting room with auto-join on, passing meeting id and mode to the job', async () => {
    const metrics = new AgentMetrics();
    const { logger, lines } = logged();
    const { request, outcome } = offer('meeting-iv-2');
    await requestFunc(metrics, logger)(request);
    expect(outcome.rejected).toBeUndefined();
    expect(outcome.accepted?.name).toBe('Interviewer');
    expect(outcome.accepted?.identity).toBe('agent-AJ_meeting-iv-2');
    expect(jobAssignmentSchema.parse(JSON.parse(outcome.accepted!.metadata))).toEqual({
      meetingId: 'iv-2',
      mode: 'interviewer',
      role: 'backend',
      experienceLevel: 'senior',
    });
    expect(outcome.accepted?.attributes).toEqual({ 'meeting.id': 'iv-2', 'agent.mode': 'interviewer' });
    expect(lines.find((l) => l.msg === 'joining room')).toMatchObject({
      room: 'meeting-iv-2',
      meetingId: 'iv-2',
    });
    expect(standIn.requests.some((r) => r.path === '/api/internal/meetings/iv-2/agent-config')).toBe(true);
    expect(metrics.snapshot().joins.accepted).toBe(1);
  });

  it('rejects auto-join off and -noagent rooms (the latter without asking), logging room, meeting and reason', async () => {
    const metrics = new AgentMetrics();
    const { logger, lines } = logged();
    const before = standIn.requests.length;
    const noagent = offer('meeting-77-noagent');
    await requestFunc(metrics, logger)(noagent.request);
    expect(noagent.outcome.rejected).toBe(true);
    expect(standIn.requests.length).toBe(before);
    const off = offer('meeting-off-1');
    await requestFunc(metrics, logger)(off.request);
    expect(off.outcome).toEqual({ rejected: true });
    expect(
      lines.filter((l) => l.msg === 'not joining room').map((l) => [l.room, l.meetingId, l.reason]),
    ).toEqual([
      ['meeting-77-noagent', undefined, 'noagent_suffix'],
      ['meeting-off-1', 'off-1', 'auto_join_off'],
    ]);
    expect(metrics.snapshot().joins.refused).toEqual({ noagent_suffix: 1, auto_join_off: 1 });
  });

  it('user-management down: does not join, and logs why', async () => {
    const metrics = new AgentMetrics();
    const { logger, lines } = logged();
    await standIn.down();
    const { request, outcome } = offer('meeting-5');
    await requestFunc(metrics, logger)(request);
    expect(outcome).toEqual({ rejected: true });
    const line = lines.find((l) => l.msg === 'not joining room');
    expect(line).toMatchObject({
      level: 40,
      room: 'meeting-5',
      meetingId: '5',
      reason: 'user_management_unreachable',
    });
    expect(String(line?.detail)).toMatch(/network/);
  });

  it('without BACKEND_API_URL nothing is joined', async () => {
    const metrics = new AgentMetrics();
    const { logger } = logged();
    const { request, outcome } = offer('meeting-5');
    await createRequestFunc({ lookup: undefined, logger, metrics, sttConfigured: true })(request);
    expect(outcome).toEqual({ rejected: true });
    expect(metrics.snapshot().joins.refused).toEqual({ user_management_not_configured: 1 });
  });
});
