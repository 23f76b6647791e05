import { describe, expect, it } from 'vitest';
import { type AgentConfigLookup, decideJoin, type JoinDecision, parseMeetingRoom } from './room-gating.js';

const on: AgentConfigLookup = { ok: true, config: { autoJoin: true } };
const off: AgentConfigLookup = { ok: true, config: { autoJoin: false } };
const interviewer: AgentConfigLookup = { ok: true, config: { autoJoin: true, interviewer: true } };
const down: AgentConfigLookup = { ok: false, reason: 'network: connect ECONNREFUSED 127.0.0.1:9' };

const table: Array<{
  name: string;
  roomName: string;
  metadata?: string;
  lookup: AgentConfigLookup | undefined;
  sttConfigured?: boolean;
  expected: JoinDecision;
}> = [
  {
    name: 'plain meeting, auto-join on',
    roomName: 'meeting-42',
    lookup: on,
    expected: { join: true, meetingId: '42', mode: 'silent' },
  },
  {
    name: 'id with dashes (a UUID) is kept whole',
    roomName: 'meeting-3f2a9c1e-7b4d-4e8a-9f00-1c2d3e4f5a6b',
    lookup: on,
    expected: { join: true, meetingId: '3f2a9c1e-7b4d-4e8a-9f00-1c2d3e4f5a6b', mode: 'silent' },
  },
  {
    name: 'id that itself starts with "meeting"',
    roomName: 'meeting-meeting-7',
    lookup: on,
    expected: { join: true, meetingId: 'meeting-7', mode: 'silent' },
  },
  {
    name: '-noagent is never joined, even with auto-join on',
    roomName: 'meeting-42-noagent',
    lookup: on,
    expected: { join: false, reason: 'noagent_suffix', meetingId: undefined },
  },
  {
    name: '-noagent with a dashed id',
    roomName: 'meeting-team-sync-noagent',
    lookup: interviewer,
    expected: { join: false, reason: 'noagent_suffix', meetingId: undefined },
  },
  {
    name: '"noagent" inside the id without the suffix dash is an id',
    roomName: 'meeting-noagentic-review',
    lookup: on,
    expected: { join: true, meetingId: 'noagentic-review', mode: 'silent' },
  },
  {
    name: 'not a meeting room',
    roomName: 'lobby',
    lookup: on,
    expected: { join: false, reason: 'not_a_meeting_room', meetingId: undefined },
  },
  {
    name: 'prefix must be exact (case-sensitive)',
    roomName: 'Meeting-42',
    lookup: on,
    expected: { join: false, reason: 'not_a_meeting_room', meetingId: undefined },
  },
  {
    name: 'a prefix without a dash is not a meeting room',
    roomName: 'meeting42',
    lookup: on,
    expected: { join: false, reason: 'not_a_meeting_room', meetingId: undefined },
  },
  {
    name: 'empty id',
    roomName: 'meeting-',
    lookup: on,
    expected: { join: false, reason: 'empty_meeting_id', meetingId: undefined },
  },
  {
    name: 'auto-join off',
    roomName: 'meeting-42',
    lookup: off,
    expected: { join: false, reason: 'auto_join_off', meetingId: '42' },
  },
  {
    name: 'user-management unreachable: not joined, with the reason',
    roomName: 'meeting-42',
    lookup: down,
    expected: {
      join: false,
      reason: 'user_management_unreachable',
      meetingId: '42',
      detail: 'network: connect ECONNREFUSED 127.0.0.1:9',
    },
  },
  {
    name: 'user-management not configured (no BACKEND_API_URL): not joined',
    roomName: 'meeting-42',
    lookup: undefined,
    expected: { join: false, reason: 'user_management_not_configured', meetingId: '42' },
  },
  {
    name: 'agent config chooses the interviewer',
    roomName: 'meeting-42',
    lookup: interviewer,
    expected: { join: true, meetingId: '42', mode: 'interviewer' },
  },
  {
    name: 'room metadata chooses the interviewer',
    roomName: 'meeting-42',
    metadata: '{"agentMode":"interviewer"}',
    lookup: on,
    expected: { join: true, meetingId: '42', mode: 'interviewer' },
  },
  {
    name: 'room metadata wins over the agent config',
    roomName: 'meeting-42',
    metadata: '{"agentMode":"silent"}',
    lookup: interviewer,
    expected: { join: true, meetingId: '42', mode: 'silent' },
  },
  {
    name: 'metadata that is not JSON is ignored',
    roomName: 'meeting-42',
    metadata: 'interviewer',
    lookup: on,
    expected: { join: true, meetingId: '42', mode: 'silent' },
  },
  {
    name: 'no STT configured: nothing to listen with, not joined',
    roomName: 'meeting-42',
    lookup: on,
    sttConfigured: false,
    expected: { join: false, reason: 'stt_not_configured', meetingId: '42' },
  },
  {
    name: 'metadata never overrides auto-join off',
    roomName: 'meeting-42',
    metadata: '{"agentMode":"interviewer"}',
    lookup: off,
    expected: { join: false, reason: 'auto_join_off', meetingId: '42' },
  },
];

describe('decideJoin', () => {
  it.each(table)('$name', ({ roomName, metadata, lookup, sttConfigured, expected }) => {
    expect(decideJoin({ roomName, roomMetadata: metadata, lookup, sttConfigured })).toEqual(expected);
  });
});

describe('parseMeetingRoom', () => {
  it('gives the meeting id only for meeting rooms', () => {
    expect(parseMeetingRoom('meeting-a-b-c')).toEqual({ ok: true, meetingId: 'a-b-c' });
    expect(parseMeetingRoom('meeting-a-noagent')).toEqual({ ok: false, reason: 'noagent_suffix' });
    expect(parseMeetingRoom('standup')).toEqual({ ok: false, reason: 'not_a_meeting_room' });
  });
});
