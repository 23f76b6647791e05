import { codingLanguages, experienceLevelIds, interviewFormats } from '@bot-backend/interview';
import { z } from 'zod';

/** The sample rates a client may stream at (binary frames are PCM16 mono at this rate). */
export const voiceSampleRates = [8_000, 16_000, 22_050, 24_000, 44_100, 48_000] as const;

const startMessage = z.strictObject({
  type: z.literal('start'),
  role: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_-]+$/i, 'a role id such as backend'),
  experienceLevel: z.enum(experienceLevelIds),
  format: z.enum(interviewFormats),
  sampleRate: z.literal(voiceSampleRates),
  durationMinutes: z.number().int().min(5).max(120).optional(),
  codingLanguage: z.enum(codingLanguages).optional(),
  /**
   * How the interviewer's voice comes back: `stream` (audio_start, binary PCM16
   * frames, audio_end) or `whole` (one `audio` message of base64 WAV per turn).
   * Absent: `stream`, switched to `whole` by the first `audio` message.
   */
  output: z.enum(['stream', 'whole']).optional(),
});

export const clientMessageSchema = z.discriminatedUnion('type', [
  startMessage,
  z.strictObject({ type: z.literal('audio'), audio: z.base64().min(4) }),
  z.strictObject({ type: z.literal('text'), text: z.string().trim().min(1).max(20_000) }),
  z.strictObject({
    type: z.literal('code'),
    code: z.string().min(1).max(100_000),
    language: z.enum(codingLanguages),
  }),
  z.strictObject({ type: z.literal('commit') }),
  z.strictObject({ type: z.literal('interrupt') }),
  z.strictObject({ type: z.literal('end') }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type StartMessage = z.infer<typeof startMessage>;

/** Error codes a client can see, with the close code when the socket closes after it. */
export const voiceErrorCodes = {
  bad_message: undefined,
  not_started: undefined,
  already_started: undefined,
  bad_audio: undefined,
  session_error: undefined,
  bad_start: 1008,
  frame_too_large: 1009,
  turn_audio_limit: 1009,
  session_time_limit: 1008,
  idle_timeout: 1008,
  too_many_sessions: 1013,
  client_session_limit: 1013,
  shutting_down: 1001,
  // Session tickets (POST /v1/voice/sessions), in the 4000s like HTTP's 401 and 403.
  ticket_required: 4401,
  ticket_invalid: 4401,
  ticket_expired: 4401,
  ticket_used: 4401,
  ticket_mismatch: 4403,
} as const satisfies Record<string, number | undefined>;

export type VoiceErrorCode = keyof typeof voiceErrorCodes;

/** One line describing what was wrong with a message, without echoing its content. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ');
}
