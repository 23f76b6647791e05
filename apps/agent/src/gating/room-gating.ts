import type { AgentConfig } from '@bot-backend/backend-client';

export type AgentMode = 'silent' | 'interviewer';

/** What user-management said about the meeting, or why it could not be asked. */
export type AgentConfigLookup =
  | { ok: true; config: AgentConfig }
  | { ok: false; reason: string; detail?: string | undefined };

/** Why a room was not joined; a closed set, so metrics can count each. */
export type RefusalReason =
  | 'not_a_meeting_room'
  | 'noagent_suffix'
  | 'empty_meeting_id'
  | 'auto_join_off'
  | 'user_management_unreachable'
  | 'user_management_not_configured'
  | 'stt_not_configured';

export type JoinDecision =
  | { join: true; meetingId: string; mode: AgentMode }
  | { join: false; reason: RefusalReason; meetingId: string | undefined; detail?: string | undefined };

const MEETING_PREFIX = 'meeting-';
const NOAGENT_SUFFIX = '-noagent';

/**
 * The meeting id in a room name: everything after `meeting-` (ids may contain
 * dashes). A `-noagent` room is refused before anything else is looked at.
 */
export function parseMeetingRoom(
  roomName: string,
):
  | { ok: true; meetingId: string }
  | { ok: false; reason: 'not_a_meeting_room' | 'noagent_suffix' | 'empty_meeting_id' } {
  if (!roomName.startsWith(MEETING_PREFIX)) return { ok: false, reason: 'not_a_meeting_room' };
  if (roomName.endsWith(NOAGENT_SUFFIX)) return { ok: false, reason: 'noagent_suffix' };
  const meetingId = roomName.slice(MEETING_PREFIX.length);
  if (meetingId.trim() === '') return { ok: false, reason: 'empty_meeting_id' };
  return { ok: true, meetingId };
}

/**
 * The mode for a joined room: the room's metadata (`{"agentMode":"interviewer"}`)
 * wins, then the agent config's `interviewer` flag; silent transcription otherwise.
 */
export function chooseMode(config: AgentConfig, roomMetadata: string | undefined): AgentMode {
  const fromMetadata = modeFromMetadata(roomMetadata);
  if (fromMetadata) return fromMetadata;
  return config.interviewer === true ? 'interviewer' : 'silent';
}

function modeFromMetadata(metadata: string | undefined): AgentMode | undefined {
  if (!metadata || metadata.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const mode = (parsed as Record<string, unknown>).agentMode;
    return mode === 'interviewer' || mode === 'silent' ? mode : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the worker joins a room, decided from the room's name and metadata
 * and user-management's agent config for the meeting. Pure: the lookup is done
 * by the caller (only for names that pass `parseMeetingRoom`).
 */
export function decideJoin(input: {
  roomName: string;
  roomMetadata?: string | undefined;
  lookup: AgentConfigLookup | undefined;
  /** Both modes listen: without an STT_PROVIDER nothing is joined. Default true. */
  sttConfigured?: boolean;
}): JoinDecision {
  const room = parseMeetingRoom(input.roomName);
  if (!room.ok) return { join: false, reason: room.reason, meetingId: undefined };
  const { meetingId } = room;
  if (input.sttConfigured === false) return { join: false, reason: 'stt_not_configured', meetingId };
  const lookup = input.lookup;
  if (lookup === undefined) {
    return { join: false, reason: 'user_management_not_configured', meetingId };
  }
  if (!lookup.ok) {
    return { join: false, reason: 'user_management_unreachable', meetingId, detail: lookup.reason };
  }
  if (lookup.config.autoJoin !== true) return { join: false, reason: 'auto_join_off', meetingId };
  return { join: true, meetingId, mode: chooseMode(lookup.config, input.roomMetadata) };
}
