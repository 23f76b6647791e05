import { silence, speechLike } from '@bot-backend/audio';
import type { AudioSink } from '@bot-backend/interfaces';
import type { OpenAiFakeRequest } from '@bot-backend/testkit';
import type { TurnSettings } from '@bot-backend/voice';
import { createInterviewSession } from './interview-session.js';
import type { InterviewSession } from './interview-session-options.js';
import type { SessionEvent } from './session-events.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';
import type { VoiceFakes } from './voice-fakes.fixture.js';

/** The JSON schema an OpenAI fake request asks for (`follow_up`, the grade…), if any. */
export const schemaName = (request: OpenAiFakeRequest) =>
  (request.body?.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name;

/** The candidate's last answer as the interviewer's prompt carries it (inside its `<answer-…>` tags). */
export const lastAnswerOf = (request: OpenAiFakeRequest) => {
  const text = ((request.body?.messages ?? []) as Array<{ content: string }>)
    .map((m) => m.content)
    .join('\n');
  return [...text.matchAll(/<(answer-[0-9a-f]+)>\n([\s\S]*?)\n<\/\1>/g)].at(-1)?.[2] ?? '';
};

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A microphone in real time: 20 ms frames of speech-like sound or of silence. */
export async function mic(session: InterviewSession, ms: number, voiced: boolean): Promise<void> {
  // One continuous signal, cut into frames (a 20 ms piece of it alone may start in a quiet syllable).
  const audio = voiced ? speechLike({ durationMs: ms, sampleRate: 16_000 }) : silence(ms, 16_000);
  const started = Date.now();
  for (let sent = 0; sent < ms; sent += 20) {
    session.pushAudio({ samples: audio.samples.subarray(sent * 16, (sent + 20) * 16), sampleRate: 16_000 });
    await wait(Math.max(0, started + sent + 20 - Date.now()));
  }
}

/**
 * The interviewer's model for these tests: a follow-up proposal and a grade when asked for them, and
 * a reply that names what it was given (WHOLE ANSWER once it saw "Kafka"), so each reply is recognisable.
 */
export const cueModel =
  (timing: { firstTokenDelayMs?: number; tokenDelayMs: number }) => (request: OpenAiFakeRequest) => {
    if (schemaName(request) === 'follow_up') return { json: { quote: 'nothing said', question: 'Why?' } };
    if (request.body?.response_format)
      return { json: { score: 6, feedback: 'Clear.', strengths: ['clear'], improvements: ['depth'] } };
    const cue = lastAnswerOf(request).includes('Kafka') ? 'WHOLE ANSWER' : 'FIRST PART ONLY';
    return { text: `Thanks, ${cue} noted. What do you enjoy most about that work?`, ...timing };
  };

/** A voice interview on the verbal plan through the fakes' vendors, 16 kHz both ways. */
export function liveSession(
  fakes: VoiceFakes,
  options: {
    sink: AudioSink;
    events: SessionEvent[];
    outcomes: string[];
    turnSettings?: TurnSettings | undefined;
  },
): InterviewSession {
  return createInterviewSession({
    role: plan.role,
    experienceLevel: plan.experienceLevel,
    format: plan.format,
    plan,
    ...fakes.vendors({ endpointingMs: 300 }),
    sink: options.sink,
    inputSampleRate: 16_000,
    outputSampleRate: 16_000,
    sinkLeadMs: 100,
    turnSettings: options.turnSettings,
    onPreemptiveReply: (outcome) => options.outcomes.push(outcome),
    onEvent: (e) => options.events.push(e),
  });
}
