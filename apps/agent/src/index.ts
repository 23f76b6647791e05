export { agentRequiredSettings } from './agent-settings.js';
export { describeProviders } from './describe-providers.js';
export {
  createRequestFunc,
  type JobAssignment,
  type JoinRequestDeps,
  jobAssignmentSchema,
  lookupAgentConfig,
} from './gating/join-requests.js';
export {
  type AgentConfigLookup,
  type AgentMode,
  chooseMode,
  decideJoin,
  type JoinDecision,
  parseMeetingRoom,
  type RefusalReason,
} from './gating/room-gating.js';
export { type AvatarAudioOutput, AvatarAudioSink } from './interviewer/avatar-audio-sink.js';
export { LiveKitTrackSink, type LiveKitTrackSinkOptions } from './interviewer/livekit-track-sink.js';
export { AgentMetrics, type AgentMetricsSnapshot } from './observability/agent-metrics.js';
export { extractiveSummary } from './transcript/extractive-summary.js';
export { MeetingJournal, type RecoveredMeeting } from './transcript/meeting-journal.js';
export { type MeetingEndReason, MeetingPresence } from './transcript/meeting-presence.js';
export { type MeetingSummary, summarizeMeeting } from './transcript/meeting-summarizer.js';
export {
  MeetingTranscriber,
  type Speaker,
  type TrackTranscription,
} from './transcript/meeting-transcriber.js';
export {
  type FinalSpeech,
  TranscriptAggregator,
  type TranscriptSegmentRecord,
} from './transcript/transcript-aggregator.js';
export {
  buildTranscriptPayload,
  handOffTranscript,
  type TranscriptHandOff,
} from './transcript/transcript-handoff.js';
